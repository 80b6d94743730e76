"""Rasa's REST channel (/webhooks/rest/webhook) with input checked before Rasa sees it.

`enabled: false` (REST_ENABLED, off by default in production: scripts/run.sh)
turns it into a health check that says so; with a `token` (REST_TOKEN) every
request must carry `Authorization: Bearer <token>`.
"""
from __future__ import annotations

import hmac
import json
from typing import Any, Dict, Optional, Text

from rasa.core.channels import rest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import Blueprint, response

from channels.guard import Handler, disabled_blueprint, guard

MAX_SENDER_CHARS = 128
USAGE = 'Send JSON like {"sender": "some-id", "message": "hello"}.'


def bad_request(problem: Text) -> Any:
    return response.json({"error": f"{problem} {USAGE}"}, status=400)


class RestInput(rest.RestInput):
    enabled: bool = True
    token: Text = ""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "RestInput":
        credentials = credentials or {}
        channel = cls()
        channel.enabled = str(credentials.get("enabled", "true")).strip().lower() not in ("false", "0", "no", "off")
        channel.token = str(credentials.get("token") or "")
        return channel

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        if not self.enabled:
            return disabled_blueprint("rest", "REST_ENABLED=true (and REST_TOKEN)")
        handle = guard(on_new_message)
        webhook = Blueprint("guarded_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Any) -> Any:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Any) -> Any:
            if self.token and not hmac.compare_digest(request.headers.get("authorization", ""),
                                                      f"Bearer {self.token}"):
                return response.json({"error": "Missing or wrong token: send 'Authorization: Bearer <REST_TOKEN>'."},
                                     status=401)
            try:
                body = json.loads(request.body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                return bad_request("The body is not valid UTF-8 JSON.")
            if not isinstance(body, dict):
                return bad_request("The body must be a JSON object.")
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
                return bad_request(f'"sender" must be a non-empty string of at most {MAX_SENDER_CHARS} characters.')
            if not isinstance(text, str):
                return bad_request('"message" must be a string.')
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            collector = CollectingOutputChannel()
            await handle(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
            return response.json(collector.messages)

        return webhook
