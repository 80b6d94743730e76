"""Rasa's socket.io channel with a real socket.io client, as the web widget uses it."""
import asyncio
import uuid

import pytest
import socketio

from tests.e2e.harness import texts


class Widget:
    """Speaks the rasa-webchat protocol: session_request, user_uttered, bot_uttered."""

    def __init__(self, url: str, origin: str = None):
        self.url, self.origin = url, origin
        self.client = socketio.AsyncClient(reconnection=False)
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.session_id = None
        self.client.on("bot_uttered", self.inbox.put_nowait)
        self.client.on("session_confirm", self._confirmed)
        self._confirmation = asyncio.Event()

    async def _confirmed(self, session_id):
        self.session_id = session_id if isinstance(session_id, str) else session_id["session_id"]
        self._confirmation.set()

    async def connect(self, session_id=None):
        headers = {"Origin": self.origin} if self.origin else {}
        await self.client.connect(self.url, headers=headers, socketio_path="/socket.io", transports=["websocket"])
        await self.client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(self._confirmation.wait(), 10)

    async def say(self, text, quiet_for=2.0, timeout=30):
        await self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})
        replies = [await asyncio.wait_for(self.inbox.get(), timeout)]
        while True:
            try:
                replies.append(await asyncio.wait_for(self.inbox.get(), quiet_for))
            except asyncio.TimeoutError:
                return replies

    async def close(self):
        await self.client.disconnect()


def test_a_session_a_message_and_the_reply(bot, web_origin):
    async def talk():
        widget = Widget(bot.url, web_origin)
        await widget.connect(uuid.uuid4().hex)
        replies = await widget.say("/greet")
        await widget.close()
        return replies

    replies = asyncio.run(talk())
    assert "I help with leg muscle twitching" in texts(replies)
    assert [button["title"] for button in replies[0]["quick_replies"]] == ["My legs twitch", "I have a question"]


def test_a_reconnect_with_the_same_session_id_keeps_the_conversation(bot, web_origin):
    session = uuid.uuid4().hex

    async def first_visit():
        widget = Widget(bot.url, web_origin)
        await widget.connect(session)
        await widget.say("i'm on lipitor and my legs twitch")
        await widget.say("no")
        await widget.close()

    async def second_visit():
        widget = Widget(bot.url, web_origin)
        await widget.connect(session)
        assert widget.session_id == session
        replies = await widget.say("yes")
        await widget.close()
        return replies

    asyncio.run(first_visit())
    replies = asyncio.run(second_visit())
    assert "pregnant or breastfeeding" in texts(replies)
    assert bot.tracker(session, "socketio")["slots"]["statin"] == "yes"


def test_another_origin_cannot_open_a_socket(bot):
    async def connect():
        widget = Widget(bot.url, "http://evil.example")
        await widget.connect()

    with pytest.raises(socketio.exceptions.ConnectionError):
        asyncio.run(connect())


@pytest.mark.parametrize("text, expected", [
    ("", "Please type a message"),
    ("   ", "Please type a message"),
    ("x" * 100_000, "too long for me"),
    ("<script>alert(1)</script>", "I only cover"),
    # Unclear: what the assistant covers, or its likeliest topics as buttons.
    ("\U0001F9B5 twitch \u043d\u043e\u0433\u0430 \u811a", "leg muscle twitching and magnesium | Did you mean one of these?"),
], ids=["empty", "whitespace", "100kB", "script-tag", "emoji-and-scripts"])
def test_bad_input_over_socketio_gets_a_clear_answer(bot, web_origin, text, expected):
    async def talk():
        widget = Widget(bot.url, web_origin)
        await widget.connect(uuid.uuid4().hex)
        replies = await widget.say(text)
        follow = await widget.say("hi")
        await widget.close()
        return replies, follow

    replies, follow = asyncio.run(talk())
    assert replies and any(phrase in texts(replies) for phrase in expected.split(" | "))
    assert "I help with leg muscle twitching" in texts(follow)


def test_a_malformed_socket_message_is_refused_politely(bot, web_origin):
    async def talk():
        widget = Widget(bot.url, web_origin)
        await widget.connect(uuid.uuid4().hex)
        await widget.client.emit("user_uttered", "not an object")
        reply = await asyncio.wait_for(widget.inbox.get(), 10)
        await widget.close()
        return reply

    assert "couldn't read that message" in asyncio.run(talk())["text"]
