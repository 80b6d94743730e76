"""Rasa's REST channel (/webhooks/rest/webhook) with input checked before Rasa sees it."""
from __future__ import annotations

import json
from typing import Any, Text

from rasa.core.channels import rest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import Blueprint, response

from channels.guard import Handler, guard

MAX_SENDER_CHARS = 128
USAGE = 'Send JSON like {"sender": "some-id", "message": "hello"}.'


def bad_request(problem: Text) -> Any:
    return response.json({"error": f"{problem} {USAGE}"}, status=400)


class RestInput(rest.RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        handle = guard(on_new_message)
        webhook = Blueprint("guarded_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Any) -> Any:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Any) -> Any:
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
