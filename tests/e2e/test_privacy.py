"""A health conversation stays with the person who had it."""
import asyncio
import contextlib
import json
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import pytest
import sqlalchemy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores.private_sql_tracker_store import PrivateSQLTrackerStore
from tests.e2e.conftest import require
from tests.e2e.harness import BIN, ROOT, Product, base_env, http, texts
from tests.e2e.test_messaging_channels import post_telegram, telegram_update
from tests.e2e.test_persistence import PG, REDIS, services_running


@contextlib.contextmanager
def fresh_database():
    name = f"legtwitch_privacy_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine("postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    try:
        yield dict(PG, DB_NAME=name, REST_ENABLED="true", REST_TOKEN=uuid.uuid4().hex, **REDIS)
    finally:
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_rest_client_cannot_reach_a_telegram_conversation(bot, telegram_api):
    chat = 1000 + uuid.uuid4().int % 10**6
    post_telegram(bot, telegram_update(chat, text="my calves twitch at night and i have kidney disease"))
    assert bot.tracker(str(chat), "telegram")["slots"]["kidney_disease"] == "yes"
    # The same number over REST is another conversation: nothing of the Telegram one shows.
    replies = bot.say(str(chat), "is magnesium safe for me?")
    assert "Because you have kidney disease" not in " ".join(reply.get("text", "") for reply in replies)
    bot.say(str(chat), "restart")
    assert bot.tracker(str(chat), "telegram")["slots"]["kidney_disease"] == "yes"
    assert bot.tracker(str(chat))["slots"]["kidney_disease"] is None


def stored_events(database, conversation):
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (conversation,)).fetchone()[0]


def test_delete_my_data_asks_then_deletes_every_stored_event(bot):
    person = f"privacy-{uuid.uuid4().hex[:8]}"
    bot.say(person, "my calves twitch at night and i take simvastatin")
    assert stored_events(bot.env["TRACKER_DB"], f"rest:{person}") > 0
    assert "This cannot be undone" in texts(bot.say(person, "please delete my data"))
    assert "I've deleted this conversation" in texts(bot.say(person, "yes"))
    assert stored_events(bot.env["TRACKER_DB"], f"rest:{person}") == 0
    assert bot.tracker(person)["slots"]["statin"] is None


def test_delete_my_data_declined_keeps_everything(bot):
    person = f"privacy-{uuid.uuid4().hex[:8]}"
    bot.say(person, "my calves twitch at night and i take simvastatin")
    bot.say(person, "delete my data")
    assert "haven't deleted anything" in texts(bot.say(person, "no"))
    assert bot.tracker(person)["slots"]["statin"] == "yes"


def test_delete_my_data_works_on_postgresql_too(logs):
    require(services_running(), "PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not running",
            "REQUIRE_SERVICES")
    with fresh_database() as settings:
        product = Product(logs, "actions", "rasa", RASA_ENDPOINTS="endpoints.production.yml", **settings).start()
        try:
            person = f"privacy-{uuid.uuid4().hex[:8]}"
            product.say(person, "my legs twitch and i have ckd")
            product.say(person, "forget me")
            product.say(person, "yes")
        finally:
            product.stop()
        engine = sqlalchemy.create_engine(f"postgresql://postgres@127.0.0.1:5432/{settings['DB_NAME']}")
        with engine.connect() as connection:
            left = connection.execute(sqlalchemy.text("SELECT COUNT(*) FROM events WHERE sender_id = :s"),
                                      {"s": f"rest:{person}"}).scalar()
        engine.dispose()
        assert left == 0


def test_the_purge_removes_conversations_older_than_the_retention_period(tmp_path):
    database = tmp_path / "conversations.db"
    store = PrivateSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(database))
    now = time.time()
    for conversation, age_days in (("rest:old", 31), ("rest:recent", 29), ("rest:mixed", 40)):
        events = [UserUttered("hi", timestamp=now - age_days * 86400)]
        if conversation == "rest:mixed":
            events.append(UserUttered("still here", timestamp=now - 86400))
        asyncio.run(store.save(DialogueStateTracker.from_events(conversation, events)))
    result = subprocess.run([str(BIN / "python"), "scripts/purge_conversations.py"], cwd=ROOT, capture_output=True,
                            text=True, env=base_env(TRACKER_DB=str(database), ACTION_ENDPOINT_URL="unused",
                                                    RETENTION_DAYS="30"))
    assert result.returncode == 0, result.stderr
    assert "30 days" in result.stdout
    assert stored_events(database, "rest:old") == 0
    assert stored_events(database, "rest:recent") == 1 and stored_events(database, "rest:mixed") == 2


def test_a_whole_conversation_leaves_no_sender_id_or_message_text_in_the_logs(bot, logs):
    person = f"who-{uuid.uuid4().hex}"
    marker = f"zebra{uuid.uuid4().hex[:10]}"
    for message in (f"my legs twitch {marker}", "no", "yes", "no", "no", "no", "no", "at night", "yes",
                    "yes, 333 mg citrate for 7 weeks", "what if it doesn't work?", f"thanks {marker}"):
        bot.say(person, message)
    assert bot.tracker(person)["slots"]["magnesium_dose"] == 333.0
    logged = "".join(path.read_text(errors="replace") for path in logs.glob("*.log"))
    assert person not in logged and marker not in logged
    assert "333.0" not in logged and "333 mg" not in logged


@pytest.mark.parametrize("path", ["/.git/config", "/conversations.db", "/webchat/serve.py", "/../README.md",
                                  "/node_modules/rasa-webchat/package.json", "/scripts/run.sh"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_the_page_server_serves_only_its_own_files(bot, path, method):
    status, _ = http(method, f"{bot.web_url}{path}")
    assert status == 404


def test_every_page_response_carries_the_security_headers(bot):
    for path, method in (("/", "GET"), ("/missing", "GET"), ("/", "POST")):
        request = urllib.request.Request(f"{bot.web_url}{path}", method=method, data=b"" if method == "POST" else None)
        try:
            headers = urllib.request.urlopen(request, timeout=10).headers
        except urllib.error.HTTPError as error:
            headers = error.headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"


def test_the_http_api_refuses_a_foreign_host_name(bot):
    status, _ = http("GET", f"{bot.url}/status?token={bot.token}", headers={"Host": "attacker.example:5005"})
    assert status == 421
    status, _ = http("GET", f"{bot.url}/status?token={bot.token}", headers={"Host": f"localhost:{bot.rasa_port}"})
    assert status == 200
    status, _ = http("POST", f"{bot.url}/webhooks/rest/webhook", json.dumps({"sender": "x", "message": "hi"}).encode(),
                     {"Host": "bot.example.org", "Content-Type": "application/json"})
    assert status == 200


def test_in_production_the_rest_channel_is_off_unless_enabled_and_then_needs_its_token(logs):
    require(services_running(), "PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not running",
            "REQUIRE_SERVICES")
    refused = subprocess.run([str(ROOT / "scripts" / "run.sh"), "rasa"], cwd=ROOT, capture_output=True, text=True,
                             timeout=60, env=base_env(RASA_ENDPOINTS="endpoints.production.yml", REST_ENABLED="true",
                                                      ACTION_ENDPOINT_URL="unused"))
    assert refused.returncode == 1 and "needs REST_TOKEN" in refused.stderr
    with fresh_database() as settings:
        off = dict(settings, REST_ENABLED="", REST_TOKEN="")
        product = Product(logs, "rasa", RASA_ENDPOINTS="endpoints.production.yml",
                          ACTION_ENDPOINT_URL="http://127.0.0.1:1/webhook", **off).start()
        try:
            status, body = http("POST", f"{product.url}/webhooks/rest/webhook",
                                json.dumps({"sender": "x", "message": "hi"}).encode())
            assert status == 503 and "REST_ENABLED" in body["error"]
        finally:
            product.stop()
        product = Product(logs, "actions", "rasa", RASA_ENDPOINTS="endpoints.production.yml", **settings).start()
        try:
            body = json.dumps({"sender": "x", "message": "hi"}).encode()
            assert http("POST", f"{product.url}/webhooks/rest/webhook", body)[0] == 401
            assert http("POST", f"{product.url}/webhooks/rest/webhook", body,
                        {"Authorization": "Bearer wrong"})[0] == 401
            assert "I help with leg muscle twitching" in texts(product.say("x", "hi"))
        finally:
            product.stop()
