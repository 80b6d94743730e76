"""Telegram and Slack: the platform's webhook payload in, the connector's API call out.

Each platform's API is a local stub the connector is pointed at (api_url), so
the real connector code runs end to end with no internet.
"""
import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import time
import uuid

import pytest

from tests.e2e.conftest import SLACK_SIGNING_SECRET, TELEGRAM_TOKEN
from tests.e2e.harness import ROOT, base_env, component_pid, free_port, http
from tests.e2e.stubs import TELEGRAM_BOT_USERNAME, TELEGRAM_SECRET_TOKEN, TelegramStub

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_URL = "https://bot.example.invalid/webhooks/telegram/webhook"


def telegram_update(chat_id, text=None, button=None):
    message = {"message_id": 1, "date": int(time.time()), "chat": {"id": chat_id, "type": "private"},
               "from": {"id": chat_id, "is_bot": False, "first_name": "Pat"}}
    if button:
        return {"update_id": 2, "callback_query": {"id": "7", "chat_instance": "1", "data": button,
                                                    "from": message["from"], "message": dict(message, text="...")}}
    return {"update_id": 1, "message": dict(message, text=text)}


def send_telegram(bot, update, secret=TELEGRAM_SECRET_TOKEN):
    """POST an update as Telegram does: with the secret registered by setWebhook in its header."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    return http("POST", f"{bot.url}/webhooks/telegram/webhook", json.dumps(update).encode(), headers)


def post_telegram(bot, update):
    status, body = send_telegram(bot, update)
    assert status == 200, body


def test_telegram_set_its_webhook_through_the_configured_api(bot, telegram_api):
    assert telegram_api.sent("setWebhook")[0]["url"] == WEBHOOK_URL


def test_telegram_webhook_is_registered_with_the_secret_token(bot, telegram_api):
    registrations = telegram_api.sent("setWebhook")
    assert registrations and all(fields.get("secret_token") == TELEGRAM_SECRET_TOKEN for fields in registrations)


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", TELEGRAM_SECRET_TOKEN + "x", TELEGRAM_SECRET_TOKEN[:-1]],
                         ids=["no header", "empty", "wrong", "longer", "shorter"])
def test_telegram_update_without_the_secret_is_refused_and_not_processed(bot, telegram_api, secret):
    forged_chat = 1000 + uuid.uuid4().int % 10**6
    calls_before = len(telegram_api.calls)
    for update in (telegram_update(forged_chat, text="hi"), telegram_update(forged_chat, button="/describe_symptoms")):
        status, _ = send_telegram(bot, update, secret)
        assert status == 403
    # Rasa's handler replies before answering the webhook: a genuine update sent
    # afterwards (and answered) shows the forged ones were not queued either.
    genuine_chat = forged_chat + 1
    post_telegram(bot, telegram_update(genuine_chat, text="hi"))
    assert telegram_api.replies(genuine_chat)
    assert telegram_api.replies(forged_chat) == []
    # Refused before Rasa's handler ran: its getMe check was made once, for the genuine update.
    new_calls = telegram_api.calls[calls_before:]
    assert [call["method"] for call in new_calls].count("getMe") == 1
    assert all(int(call["fields"]["chat_id"]) == genuine_chat for call in new_calls if "chat_id" in call["fields"])


def test_telegram_webhook_cannot_be_re_registered_without_the_secret(bot, telegram_api):
    registrations = len(telegram_api.sent("setWebhook"))
    for method in ("GET", "POST"):
        status, _ = http(method, f"{bot.url}/webhooks/telegram/set_webhook", b"" if method == "POST" else None,
                         {SECRET_HEADER: "wrong-secret"})
        assert status == 403
    assert len(telegram_api.sent("setWebhook")) == registrations
    status, body = http("GET", f"{bot.url}/webhooks/telegram/")
    assert status == 200 and body == {"status": "ok"}


def listening(port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_telegram_access_token_without_a_secret_refuses_to_start(tmp_path):
    """TELEGRAM_ACCESS_TOKEN set, TELEGRAM_SECRET_TOKEN empty: Rasa exits with a sentence
    naming the variable, and never registers an unauthenticated webhook."""
    telegram_api = TelegramStub().start()
    rasa_port = free_port()
    env = base_env(RASA_PORT=str(rasa_port), ACTION_PORT=str(free_port()), WEB_PORT=str(free_port()),
                   ACTION_ENDPOINT_URL="http://127.0.0.1:1/webhook", TRACKER_DB=str(tmp_path / "c.db"),
                   TELEGRAM_ACCESS_TOKEN=TELEGRAM_TOKEN, TELEGRAM_BOT_USERNAME=TELEGRAM_BOT_USERNAME,
                   TELEGRAM_WEBHOOK_URL=WEBHOOK_URL, TELEGRAM_API_URL=telegram_api.url)
    log = tmp_path / "run.log"
    with log.open("wb") as handle:
        process = subprocess.Popen([str(ROOT / "scripts" / "run.sh"), "rasa"], cwd=ROOT, env=env, stdout=handle,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 150
        # run.sh keeps waiting for the server to answer, so watch the Rasa process itself.
        while not ("TELEGRAM_SECRET_TOKEN" in log.read_text(errors="replace")
                   and component_pid(process.pid, "rasa_with_token.py") is None):
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            assert not listening(rasa_port), "Rasa started with an unauthenticated Telegram webhook"
            time.sleep(0.5)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
    output = log.read_text(errors="replace")
    assert "TELEGRAM_ACCESS_TOKEN is set but TELEGRAM_SECRET_TOKEN is not" in output
    assert not listening(rasa_port)
    assert telegram_api.calls == []


def test_telegram_secret_must_follow_telegrams_format():
    from rasa.shared.exceptions import RasaException

    from channels.telegram import TelegramInput

    credentials = {"access_token": TELEGRAM_TOKEN, "verify": TELEGRAM_BOT_USERNAME, "webhook_url": WEBHOOK_URL}
    for bad in ("has space", "semi;colon", "x" * 257):
        with pytest.raises(RasaException, match="TELEGRAM_SECRET_TOKEN"):
            TelegramInput.from_credentials(dict(credentials, secret_token=bad))
    assert TelegramInput.from_credentials(dict(credentials, secret_token="A-z_09")).secret_token == "A-z_09"


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


def test_slack_rejects_an_unsigned_request(bot, slack_api):
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    body = json.dumps(slack_event(user, "hello")).encode()
    status, _ = http("POST", f"{bot.url}/webhooks/slack/webhook", body, {"Content-Type": "application/json"})
    assert status == 400
    assert posted_to(slack_api, f"D{user}") == []


@pytest.mark.parametrize("forgery", ["wrong secret", "tampered body", "stale timestamp"])
def test_slack_rejects_a_request_with_a_bad_signature(bot, slack_api, forgery):
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    body = json.dumps(slack_event(user, "hello")).encode()
    headers = signed(body)
    if forgery == "wrong secret":
        timestamp = headers["X-Slack-Request-Timestamp"]
        digest = hmac.new(b"not-the-signing-secret", f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
        headers["X-Slack-Signature"] = f"v0={digest}"
    elif forgery == "tampered body":
        body = body.replace(b"hello", b"restart")
    else:
        stale = str(int(time.time()) - 3600)
        digest = hmac.new(SLACK_SIGNING_SECRET.encode(), f"v0:{stale}:".encode() + body, hashlib.sha256).hexdigest()
        headers = {"X-Slack-Request-Timestamp": stale, "X-Slack-Signature": f"v0={digest}"}
    status, _ = http("POST", f"{bot.url}/webhooks/slack/webhook", body, dict(headers, **{"Content-Type": "application/json"}))
    assert status == 400
    # A correctly signed message from another user is answered; the forged one never was.
    genuine = f"U{uuid.uuid4().hex[:8].upper()}"
    genuine_body = json.dumps(slack_event(genuine, "hello")).encode()
    status, _ = http("POST", f"{bot.url}/webhooks/slack/webhook", genuine_body,
                     dict(signed(genuine_body), **{"Content-Type": "application/json"}))
    assert status == 200
    wait_for(lambda: posted_to(slack_api, f"D{genuine}"))
    assert posted_to(slack_api, f"D{user}") == []
