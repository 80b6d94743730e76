"""Local stand-ins for the Telegram Bot API and the Slack Web API (loopback only)."""
from __future__ import annotations

import asyncio
import json
import threading
from typing import Any, Dict, List

from aiohttp import web

from tests.e2e.harness import free_port

TELEGRAM_BOT_USERNAME = "legtwitch_test_bot"
# What the connector registers with setWebhook; the real Telegram sends it back on
# every update in the X-Telegram-Bot-Api-Secret-Token header.
TELEGRAM_SECRET_TOKEN = "test-secret_token-0123456789"


class StubServer:
    """Records every API call and answers as the real platform would."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.calls: List[Dict[str, Any]] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()

    def answer(self, method: str, fields: Dict[str, Any]) -> Dict[str, Any]:
        raise NotImplementedError

    def method_of(self, path: str) -> str:
        return path.rstrip("/").rsplit("/", 1)[-1]

    async def _handle(self, request: web.Request) -> web.Response:
        if request.content_type == "application/json":
            fields = await request.json()
        else:
            fields = {key: value for key, value in (await request.post()).items()}
        method = self.method_of(request.path)
        self.calls.append({"method": method, "fields": fields})
        return web.json_response(self.answer(method, fields))

    def start(self) -> "StubServer":
        def serve() -> None:
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", self._handle)
            runner = web.AppRunner(app)
            self._loop.run_until_complete(runner.setup())
            self._loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
            self._ready.set()
            self._loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        self._ready.wait(10)
        return self

    def sent(self, method: str) -> List[Dict[str, Any]]:
        return [call["fields"] for call in self.calls if call["method"] == method]


class TelegramStub(StubServer):
    def answer(self, method: str, fields: Dict[str, Any]) -> Dict[str, Any]:
        if method == "getMe":
            return {"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "Test", "username": TELEGRAM_BOT_USERNAME}}
        if method == "sendMessage":
            return {"ok": True, "result": {"message_id": len(self.calls), "date": 0,
                                           "chat": {"id": int(fields["chat_id"]), "type": "private"},
                                           "text": fields.get("text", "")}}
        return {"ok": True, "result": True}

    def replies(self, chat_id: int) -> List[Dict[str, Any]]:
        found = []
        for fields in self.sent("sendMessage"):
            if int(fields["chat_id"]) == chat_id:
                markup = fields.get("reply_markup")
                found.append({"text": fields.get("text", ""), "markup": json.loads(markup) if markup else None})
        return found


class SlackStub(StubServer):
    def answer(self, method: str, fields: Dict[str, Any]) -> Dict[str, Any]:
        return {"ok": True, "channel": fields.get("channel", "D1"), "ts": "1700000000.000100"}
