"""What every channel does before and after Rasa handles a message.

- the conversation id is the channel's name and the sender id ("telegram:123"),
  so a conversation can only be reached through the channel it started on: a
  REST client sending "123" reaches "rest:123", never a Telegram chat;
- a message over MAX_MESSAGE_CHARS or with no text gets a polite answer and is
  not processed (nothing stored, nothing to crash on);
- a turn that produced no reply at all (the action server down, an exception)
  gets a short apology instead of silence;
- on channels that cannot send first (REST, the web chat), a check-in that
  fell due since the last message is delivered before that message is
  answered (Telegram and Slack get theirs from checkins/scheduler.py).
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint, response

from checkins import PULL_CHANNELS
from checkins.store import configured_store
from stores.log_ids import short_hash

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = int(os.environ.get("MAX_MESSAGE_CHARS", "2000"))
TOO_LONG = (
    f"That message is too long for me - please shorten it to a few sentences "
    f"(at most {MAX_MESSAGE_CHARS:,} characters)."
)
EMPTY = 'Please type a message - for example "my legs twitch" or "what are the side effects?".'
APOLOGY = 'Sorry, something went wrong on my side. Please try again in a moment, or say "restart" to start over.'

Handler = Callable[[UserMessage], Awaitable[Any]]


TextFormat = Callable[[Text], Text]


def conversation_id(channel: Text, sender_id: Text) -> Text:
    return f"{channel}:{sender_id}"


class CountingOutputChannel(OutputChannel):
    """Passes every reply on to the real channel (formatted for it, addressed to
    the platform's own id) and counts them."""

    def __init__(self, inner: OutputChannel, text_format: Optional[TextFormat] = None, prefix: Text = "") -> None:
        self.inner = inner
        self.text_format = text_format
        self.prefix = prefix
        self.sent = 0

    def name(self) -> Text:  # type: ignore[override]
        return self.inner.name()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent += 1
        if self.text_format and isinstance(message.get("text"), str):
            message = dict(message, text=self.text_format(message["text"]))
        if self.prefix and recipient_id.startswith(self.prefix):
            recipient_id = recipient_id[len(self.prefix):]
        await self.inner.send_response(recipient_id, message)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)


def addressed(output: OutputChannel, channel: Text, text_format: Optional[TextFormat] = None) -> CountingOutputChannel:
    """Replies to a conversation of `channel` reach the platform's own id (also for
    Rasa's trigger_intent API, which bypasses the guard)."""
    return CountingOutputChannel(output, text_format, prefix=conversation_id(channel, ""))


async def deliver_due_checkin(message: UserMessage, on_new_message: Handler) -> None:
    store = configured_store()
    # The scheduler notes the earliest due time every poll: before it, no query.
    if store is None or store.waiting_due_at is None or store.waiting_due_at > time.time():
        return
    checkin = await asyncio.get_running_loop().run_in_executor(None, store.take_due, message.sender_id)
    if checkin is not None:
        trigger = "/checkin_due" + json.dumps({"checkin_week": checkin.week})
        await on_new_message(UserMessage(trigger, message.output_channel, message.sender_id,
                                         input_channel=message.input_channel, metadata=message.metadata))


def guard(on_new_message: Handler, text_format: Optional[TextFormat] = None) -> Handler:
    async def guarded(message: UserMessage) -> None:
        output = message.output_channel
        text = message.text if isinstance(message.text, str) else ""
        if len(text) > MAX_MESSAGE_CHARS:
            await output.send_text_message(message.sender_id, TOO_LONG)
            return
        if not text.strip():
            await output.send_text_message(message.sender_id, EMPTY)
            return
        channel = message.input_channel or "unknown"
        counting = addressed(output, channel, text_format)
        platform_id = message.sender_id
        message.sender_id = conversation_id(channel, platform_id)
        message.output_channel = counting
        try:
            if message.input_channel in PULL_CHANNELS:
                await deliver_due_checkin(message, on_new_message)
            await on_new_message(message)
        except Exception:
            logger.exception("Handling a message for conversation %s failed", short_hash(message.sender_id))
        if counting.sent == 0:
            await output.send_text_message(platform_id, APOLOGY)

    return guarded


def disabled_blueprint(name: Text, variable: Text) -> Blueprint:
    """A connector whose secrets are not set: it answers health checks and nothing else."""
    blueprint = Blueprint(f"{name}_webhook", __name__)

    @blueprint.route("/", methods=["GET"])
    async def health(_: Any) -> Any:
        return response.json({"status": "disabled", "reason": f"{variable} is not set"})

    @blueprint.route("/webhook", methods=["GET", "POST"])
    async def webhook(_: Any) -> Any:
        return response.json({"error": f"{name} is not configured: set {variable}"}, status=503)

    return blueprint
