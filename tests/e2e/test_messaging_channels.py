"""Telegram and Slack: the platform's webhook payload in, the connector's API call out.

Each platform's API is a local stub the connector is pointed at (api_url), so
the real connector code runs end to end with no internet.
"""
import hashlib
import hmac
import json
import time
import uuid

from tests.e2e.conftest import SLACK_SIGNING_SECRET
from tests.e2e.harness import http


def telegram_update(chat_id, text=None, button=None):
    message = {"message_id": 1, "date": int(time.time()), "chat": {"id": chat_id, "type": "private"},
               "from": {"id": chat_id, "is_bot": False, "first_name": "Pat"}}
    if button:
        return {"update_id": 2, "callback_query": {"id": "7", "chat_instance": "1", "data": button,
                                                    "from": message["from"], "message": dict(message, text="...")}}
    return {"update_id": 1, "message": dict(message, text=text)}


def post_telegram(bot, update):
    status, body = http("POST", f"{bot.url}/webhooks/telegram/webhook", json.dumps(update).encode(),
                        {"Content-Type": "application/json"})
    assert status == 200, body


def test_telegram_set_its_webhook_through_the_configured_api(bot, telegram_api):
    assert telegram_api.sent("setWebhook")[0]["url"] == "https://bot.example.invalid/webhooks/telegram/webhook"


def test_telegram_greeting_has_the_platforms_own_buttons(bot, telegram_api):
    chat = 1000 + uuid.uuid4().int % 10**6
    post_telegram(bot, telegram_update(chat, text="hi"))
    replies = telegram_api.replies(chat)
    assert "I help with leg muscle twitching" in replies[0]["text"]
    keyboard = replies[0]["markup"]["inline_keyboard"]
    assert [(b["text"], b["callback_data"]) for row in keyboard for b in row] == [
        ("My legs twitch", "/describe_symptoms"), ("I have a question", "/ask_question")]


def test_telegram_button_press_and_typed_answers_reach_the_plan(bot, telegram_api):
    chat = 1000 + uuid.uuid4().int % 10**6
    post_telegram(bot, telegram_update(chat, button="/describe_symptoms"))
    assert "warning signs" in "\n".join(reply["text"] for reply in telegram_api.replies(chat))
    for text in ("no", "yes", "no", "no", "no", "no", "at night", "yes", "no"):
        post_telegram(bot, telegram_update(chat, text=text))
    said = "\n".join(reply["text"] for reply in telegram_api.replies(chat))
    assert "Start with 250 mg of magnesium oxide daily. [1]" in said


def signed(body: bytes):
    timestamp = str(int(time.time()))
    digest = hmac.new(SLACK_SIGNING_SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}


def slack_event(user, text):
    return {"token": "t", "team_id": "T1", "api_app_id": "A1", "type": "event_callback", "event_id": uuid.uuid4().hex,
            "event_time": int(time.time()),
            "event": {"type": "message", "channel": f"D{user}", "channel_type": "im", "user": user, "text": text,
                      "ts": f"{time.time():.6f}", "event_ts": f"{time.time():.6f}"}}


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("nothing arrived in time")


def posted_to(slack_api, channel):
    return [call for call in slack_api.sent("chat.postMessage") if call.get("channel") == channel]


def test_slack_greeting_has_slacks_own_buttons(bot, slack_api):
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    body = json.dumps(slack_event(user, "hello")).encode()
    status, _ = http("POST", f"{bot.url}/webhooks/slack/webhook", body, dict(signed(body), **{"Content-Type": "application/json"}))
    assert status == 200
    messages = wait_for(lambda: posted_to(slack_api, f"D{user}"))
    blocks = messages[0]["blocks"]
    assert "I help with leg muscle twitching" in json.dumps(blocks)
    buttons = [element for block in blocks if block["type"] == "actions" for element in block["elements"]]
    assert [(b["text"]["text"], b["value"]) for b in buttons] == [
        ("My legs twitch", "/describe_symptoms"), ("I have a question", "/ask_question")]


def test_slack_rejects_an_unsigned_request(bot):
    body = json.dumps(slack_event("UFORGED", "hello")).encode()
    status, _ = http("POST", f"{bot.url}/webhooks/slack/webhook", body, {"Content-Type": "application/json"})
    assert status == 400
