"""Rasa's Telegram connector with a configurable Bot API address and authenticated updates.

Telegram supports self-hosted Bot API servers; the same setting lets the tests
point the connector at a local stub. Without TELEGRAM_ACCESS_TOKEN the
connector stays off and makes no call at start-up.

Updates are authenticated: the webhook is registered with a `secret_token`
(TELEGRAM_SECRET_TOKEN), which Telegram sends back on every update in the
X-Telegram-Bot-Api-Secret-Token header; a request without the matching header
gets a 403 and is not processed. With an access token but no secret the
connector refuses to start: the webhook URL alone would let anyone post as any
chat.
"""
from __future__ import annotations

import asyncio
import hmac
import re
from typing import Any, Dict, Optional, Text

from aiogram import Bot
from aiogram.bot import api
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels import telegram
from rasa.core.channels.channel import OutputChannel
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request

from channels.guard import Handler, addressed, disabled_blueprint, guard

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's rule for secret_token: 1-256 characters, A-Z, a-z, 0-9, _ and -.
SECRET_FORMAT = re.compile(r"[A-Za-z0-9_-]{1,256}")
MAKE_ONE = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"


class TelegramOutput(telegram.TelegramOutput):
    def __init__(self, access_token: Optional[Text], api_url: Optional[Text] = None,
                 secret_token: Optional[Text] = None) -> None:
        server = TelegramAPIServer.from_base(api_url) if api_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server)
        self.secret_token = secret_token

    async def set_webhook(self, url: Text, **_: Any) -> bool:  # type: ignore[override]
        """setWebhook with the secret_token, whoever asks for it (start-up or Rasa's
        /set_webhook route): aiogram 2.15's Bot.set_webhook has no such parameter
        (Bot API 6.1 added it), so the call is made with it directly."""
        payload = {"url": url}
        if self.secret_token:
            payload["secret_token"] = self.secret_token
        return await self.request(api.Methods.SET_WEBHOOK, payload)


class TelegramInput(telegram.TelegramInput):
    api_url: Optional[Text] = None
    secret_token: Optional[Text] = None

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramInput":
        credentials = credentials or {}
        access_token = credentials.get("access_token")
        secret_token = credentials.get("secret_token") or None
        if access_token and not secret_token:
            raise RasaException(
                "TELEGRAM_ACCESS_TOKEN is set but TELEGRAM_SECRET_TOKEN is not: refusing to start the "
                "Telegram connector with an unauthenticated webhook. Set TELEGRAM_SECRET_TOKEN to a random "
                f"string of 1-256 characters (A-Z, a-z, 0-9, _ and -), e.g. the output of {MAKE_ONE}."
            )
        if secret_token and not SECRET_FORMAT.fullmatch(str(secret_token)):
            raise RasaException(
                "TELEGRAM_SECRET_TOKEN must be 1-256 characters of A-Z, a-z, 0-9, _ and - "
                f"(Telegram's rule); e.g. the output of {MAKE_ONE}."
            )
        channel = cls(
            access_token,
            credentials.get("verify"),
            credentials.get("webhook_url"),
            debug_mode=False,
        )
        channel.api_url = credentials.get("api_url") or None
        channel.secret_token = str(secret_token) if secret_token else None
        return channel

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        if not self.access_token:
            return disabled_blueprint("telegram", "TELEGRAM_ACCESS_TOKEN")
        blueprint = super().blueprint(guard(on_new_message))
        expected = (self.secret_token or "").encode()

        @blueprint.middleware("request")
        async def authenticate(request: Request) -> Optional[Any]:
            # Every route but the health check; runs before the update is parsed.
            route = getattr(request, "route", None)
            if route is not None and route.name.endswith(".health"):
                return None
            given = request.headers.get(SECRET_HEADER, "").encode()
            if not expected or not hmac.compare_digest(given, expected):
                return response.json({"error": f"missing or wrong {SECRET_HEADER}"}, status=403)
            return None

        return blueprint

    def get_output_channel(self) -> OutputChannel:
        channel = TelegramOutput(self.access_token, self.api_url, self.secret_token)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass  # at start-up: register the webhook below
        else:
            # Rasa's API asking for a channel to send a check-in on: the webhook is
            # registered already, and the reply goes to the chat's own id.
            return addressed(channel, self.name())

        async def register_webhook() -> None:
            try:
                await channel.set_webhook(url=self.webhook_url)
            finally:
                # The HTTP session belongs to this short-lived loop; the server's
                # loop opens its own on the first reply.
                await channel.session.close()

        try:
            asyncio.run(register_webhook())
        except TelegramAPIError as error:
            raise RasaException(f"Failed to set the Telegram webhook: {error}") from error
        return channel
