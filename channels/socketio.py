"""Rasa's socket.io channel, limited to the web page's origin, with the guard.

A page that reconnects to its stored session gets a check-in that fell due
while it was away at once, before the person types anything.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Optional, Text

from rasa.core.channels import socketio
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint

from channels.guard import Handler, addressed, conversation_id, deliver_due_checkin, guard


_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|])")


def as_markdown_text(text: Text) -> Text:
    """The web widget renders Markdown: keep "[1]" and line breaks as written."""
    return _MARKDOWN.sub(r"\\\1", text).replace("\n", "  \n")


class SocketIOInput(socketio.SocketIOInput):
    cors_allowed_origins: list = []

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SocketIOInput":
        channel = super().from_credentials(credentials)
        origins = (credentials or {}).get("cors_allowed_origins") or ""
        channel.cors_allowed_origins = origins.split() if isinstance(origins, str) else list(origins)
        return channel

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        blueprint = super().blueprint(guard(on_new_message, as_markdown_text))
        # Rasa switches python-socketio's origin check off ([]); "*" allows any origin.
        origins = self.cors_allowed_origins
        self.sio.eio.cors_allowed_origins = "*" if origins == ["*"] else origins or None
        # The origin check stays, but the CORS headers come from one place only:
        # Rasa's `--cors` (sanic-cors) adds them to every response of the server,
        # socket.io's included, and a second copy makes browsers refuse the reply.
        self.sio.eio._cors_headers = lambda environ: []
        namespace = self.namespace or "/"
        rasa_handler = self.sio.handlers[namespace][self.user_message_evt]

        async def checked(sid: Text, data: Any) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message", ""), str):
                await self.sio.emit(self.bot_message_evt, {"text": "Sorry, I couldn't read that message."}, room=sid)
                return
            await rasa_handler(sid, data)

        self.sio.handlers[namespace][self.user_message_evt] = checked
        rasa_session_request = self.sio.handlers[namespace]["session_request"]

        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            returning = isinstance(data, dict) and isinstance(data.get("session_id"), str) and data["session_id"]
            await rasa_session_request(sid, data)
            if returning and self.session_persistence:
                output = addressed(socketio.SocketIOOutput(self.sio, self.bot_message_evt), self.name(),
                                   as_markdown_text)
                await deliver_due_checkin(UserMessage("", output, conversation_id(self.name(), data["session_id"]),
                                                      input_channel=self.name()), on_new_message)

        self.sio.handlers[namespace]["session_request"] = session_request
        return blueprint
