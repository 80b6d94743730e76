"""Rasa's Telegram connector with a configurable Bot API address.

Telegram supports self-hosted Bot API servers; the same setting lets the tests
point the connector at a local stub. Without TELEGRAM_ACCESS_TOKEN the
connector stays off and makes no call at start-up.
"""
from __future__ import annotations

import asyncio
from typing import Any, Dict, Optional, Text

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels import telegram
from rasa.shared.exceptions import RasaException
from sanic import Blueprint

from channels.guard import Handler, disabled_blueprint, guard


class TelegramOutput(telegram.TelegramOutput):
    def __init__(self, access_token: Optional[Text], api_url: Optional[Text] = None) -> None:
        server = TelegramAPIServer.from_base(api_url) if api_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server)


class TelegramInput(telegram.TelegramInput):
    api_url: Optional[Text] = None

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramInput":
        credentials = credentials or {}
        channel = cls(
            credentials.get("access_token"),
            credentials.get("verify"),
            credentials.get("webhook_url"),
            debug_mode=False,
        )
        channel.api_url = credentials.get("api_url") or None
        return channel

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        if not self.access_token:
            return disabled_blueprint("telegram", "TELEGRAM_ACCESS_TOKEN")
        return super().blueprint(guard(on_new_message))

    def get_output_channel(self) -> TelegramOutput:
        channel = TelegramOutput(self.access_token, self.api_url)

        async def register_webhook() -> None:
            try:
                await channel.set_webhook(url=self.webhook_url)
            finally:
                # The HTTP session belongs to this short-lived loop; the server's
                # loop opens its own on the first reply.
                await channel.close()

        try:
            asyncio.run(register_webhook())
        except TelegramAPIError as error:
            raise RasaException(f"Failed to set the Telegram webhook: {error}") from error
        return channel
