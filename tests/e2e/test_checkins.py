"""Check-ins: offered with a plan, kept in the database, delivered when due.

The session's product runs with CHECKIN_AFTER=4s (tests/e2e/conftest.py).
"""
import datetime as dt
import json
import time
import uuid

import pytest
import sqlalchemy

from tests.e2e.conftest import CHECKIN_SECONDS, require, telegram_settings
from tests.e2e.harness import Product, http, texts
from tests.e2e.stubs import TelegramStub
from tests.e2e.test_conversations import PLAIN_ANSWERS, PLAN_MARK, REFERRAL, intake
from tests.e2e.test_messaging_channels import (
    post_telegram, posted_to, signed, slack_event, telegram_update, wait_for)
from tests.e2e.test_persistence import PG, REDIS, services_running

OFFER = "Shall I check in with you in 4 seconds"
QUESTION = "check-in. How is the twitching now?"
WITH_RESTLESS_LEGS = dict(PLAIN_ANSWERS, **{"restless legs": "yes, my legs won't keep still at night",
                                            "ferritin": "no idea"})


def planned(bot, answers=PLAIN_ANSWERS):
    sender, _, plan = intake(bot, "my calves keep twitching", answers)
    assert PLAN_MARK in plan and OFFER in plan
    return sender


def accept(bot, sender, words="yes please"):
    assert "I'll check in with you in 4 seconds" in texts(bot.say(sender, words))


def until_due():
    time.sleep(CHECKIN_SECONDS + 1)


def test_a_rest_conversation_gets_its_checkins_and_each_answer_leads_on(bot):
    sender = planned(bot, WITH_RESTLESS_LEGS)
    accept(bot, sender)
    early = texts(bot.say(sender, "how long till it works?"))
    assert QUESTION not in early and "at least 2 months" in early

    until_due()
    first = bot.say(sender, "hiya")
    assert "Time for your 4-week check-in" in texts(first)
    assert "I help with leg muscle twitching" not in texts(first), "the greeting was answered on top of the check-in"
    assert [b["title"] for b in first[-1]["buttons"]][:3] == ["Better", "No change", "Side effects"]

    better = texts(bot.say(sender, "loads better tbh, hardly any twitches"))
    assert "at least 2 months before deciding" in better
    assert "check in once more" in better and "8-week" in better
    accept(bot, sender, "yep")

    until_due()
    assert "Time for your 8-week check-in" in texts(bot.say(sender, "hello"))
    no_change = texts(bot.say(sender, "honestly no difference now, still twitchy"))
    assert "ask about iron first" in no_change and "Vitamin B6, 40 mg daily" in no_change
    assert "Physical therapy" in no_change

    side_effects = texts(bot.say(sender, "the tablets are giving me an upset stomach"))
    assert "diarrhoea affects 11-37% of users" in side_effects and "talk to a pharmacist" in side_effects


def test_a_warning_sign_at_the_checkin_gets_the_referral(bot):
    sender = planned(bot)
    accept(bot, sender)
    until_due()
    assert QUESTION in texts(bot.say(sender, "hi"))
    reply = texts(bot.say(sender, "no better and my left leg has gone numb since last week"))
    assert REFERRAL in reply and " mg" not in reply


def test_stop_checkins_cancels_and_my_plan_shows_the_dates(bot):
    sender = planned(bot)
    accept(bot, sender, "sure, check in with me")
    # The day the plan was given, as recorded (not "now": a plan given just before midnight UTC).
    today = dt.datetime.fromtimestamp(bot.tracker(sender)["slots"]["plan_started"], dt.timezone.utc).date()
    summary = texts(bot.say(sender, "what was my plan again?"))
    assert f"Started: {today:%-d %B %Y}" in summary
    assert f"Reassess at 4 weeks: {today + dt.timedelta(weeks=4):%-d %B %Y}" in summary
    assert f"Decide at 8 weeks: {today + dt.timedelta(weeks=8):%-d %B %Y}" in summary
    assert "Next check-in:" in summary and "Start with 250 mg of magnesium oxide daily. [1]" in summary
    assert "18 or older" in summary

    assert "cancelled your check-ins" in texts(bot.say(sender, "please stop the check-ins"))
    until_due()
    assert QUESTION not in texts(bot.say(sender, "hello"))
    assert "No check-in planned" in texts(bot.say(sender, "my plan"))


def test_no_checkin_is_offered_with_a_referral_or_before_a_plan(bot):
    sender, _, replies = intake(bot, "my legs twitch and my right calf is swollen and hot", PLAIN_ANSWERS)
    assert REFERRAL in replies and "check in" not in replies
    assert "You don't have a plan yet" in texts(bot.say(f"new-{uuid.uuid4().hex[:8]}", "show me my plan"))


def telegram_plan(bot, chat):
    post_telegram(bot, telegram_update(chat, text="my legs keep twitching"))
    for text in ("no", "yes", "no", "no", "no", "no", "at night", "yes", "no"):
        post_telegram(bot, telegram_update(chat, text=text))


def said_to(telegram_api, chat):
    return "\n".join(reply["text"] for reply in telegram_api.replies(chat))


def test_telegram_gets_its_checkin_without_writing_first(bot, telegram_api):
    chat = 2000 + uuid.uuid4().int % 10**6
    telegram_plan(bot, chat)
    assert OFFER in said_to(telegram_api, chat)
    post_telegram(bot, telegram_update(chat, button="/accept_checkin"))
    wait_for(lambda: "Time for your 4-week check-in" in said_to(telegram_api, chat), timeout=CHECKIN_SECONDS + 20)
    assert said_to(telegram_api, chat).count(QUESTION) == 1


def test_slack_gets_its_checkin_without_writing_first(bot, slack_api):
    user = f"U{uuid.uuid4().hex[:8].upper()}"

    def say(text):
        body = json.dumps(slack_event(user, text)).encode()
        status, _ = http("POST", f"{bot.url}/webhooks/slack/webhook", body,
                         dict(signed(body), **{"Content-Type": "application/json"}))
        assert status == 200

    for text in ("my legs keep twitching", "no", "yes", "no", "no", "no", "no", "at night", "yes", "no"):
        count = len(posted_to(slack_api, f"D{user}"))
        say(text)
        wait_for(lambda: len(posted_to(slack_api, f"D{user}")) > count)
    wait_for(lambda: OFFER in json.dumps(posted_to(slack_api, f"D{user}")))
    say("yes")
    # Sent first, to the person (a direct message), not in reply to anything.
    checkin = wait_for(lambda: [call for call in posted_to(slack_api, user) if "4-week check-in" in json.dumps(call)],
                       timeout=CHECKIN_SECONDS + 20)
    assert len(checkin) == 1


def test_a_checkin_survives_a_restart_of_the_product(logs, tmp_path):
    telegram_api = TelegramStub().start()
    settings = dict(TRACKER_DB=str(tmp_path / "conversations.db"), CHECKIN_AFTER="25s", CHECKIN_POLL_SECONDS="1",
                    **telegram_settings(telegram_api.url))
    chat = 3000 + uuid.uuid4().int % 10**6
    first = Product(logs, "actions", "rasa", **settings).start()
    try:
        telegram_plan(first, chat)
        post_telegram(first, telegram_update(chat, text="yes"))
        assert "I'll check in with you in 25 seconds" in said_to(telegram_api, chat)
    finally:
        first.stop()
    second = Product(logs, "actions", "rasa", **settings).start()
    try:
        wait_for(lambda: "Time for your 4-week check-in" in said_to(telegram_api, chat), timeout=60)
    finally:
        second.stop()


# 100 people whose plan was given earlier, their check-ins all due at once.
PEOPLE = 100
PROFILE_EVENTS = [
    {"event": "slot", "name": name, "value": value} for name, value in (
        ("red_flags", "no"), ("age_group", "adult"), ("pregnant", "no"), ("kidney_disease", "no"),
        ("statin", "no"), ("restless_legs", "no"), ("timing", "night"), ("calcium_intake", "adequate"),
        ("magnesium_current", "no"), ("plan_started", time.time() - 28 * 86400))
]


@pytest.fixture
def two_replicas_on_postgres(logs):
    require(services_running(), "PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not running",
            "REQUIRE_SERVICES")
    telegram_api = TelegramStub().start()
    database = f"legtwitch_checkins_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine("postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{database}"'))
    env = dict(PG, DB_NAME=database, RASA_ENDPOINTS="endpoints.production.yml", CHECKIN_POLL_SECONDS="1",
               **telegram_settings(telegram_api.url), **REDIS)
    replicas = [Product(logs, "actions", "rasa", **env).start() for _ in range(2)]
    yield replicas, telegram_api, sqlalchemy.create_engine(f"postgresql://postgres@127.0.0.1:5432/{database}")
    for replica in replicas:
        replica.stop()


def test_two_replicas_deliver_each_due_checkin_exactly_once(two_replicas_on_postgres):
    replicas, telegram_api, engine = two_replicas_on_postgres
    chats = [4000 + number for number in range(PEOPLE)]
    for chat in chats:
        # Two calls: Rasa stamps the new session's start after events sent with it,
        # and loads only what comes after the start.
        for events in ([{"event": "action", "name": "action_listen"}], PROFILE_EVENTS):
            status, body = replicas[chat % 2].api("POST", f"/conversations/telegram:{chat}/tracker/events", events)
            assert status == 200, body
    due_at = time.time() + 3  # both schedulers are polling when the rows fall due
    with engine.begin() as connection:
        for chat in chats:
            connection.execute(sqlalchemy.text(
                "INSERT INTO checkins (conversation_id, channel, week, due_at, status, attempts) "
                "VALUES (:conversation, 'telegram', 4, :due, 'scheduled', 0)"),
                {"conversation": f"telegram:{chat}", "due": due_at})

    def delivered():
        return {chat: said_to(telegram_api, chat).count(QUESTION) for chat in chats}

    wait_for(lambda: all(delivered().values()), timeout=120)
    time.sleep(3)  # a duplicate would show up within a poll or two
    counts = delivered()
    assert [chat for chat, count in counts.items() if count == 0] == [], "lost"
    assert [chat for chat, count in counts.items() if count > 1] == [], "delivered twice"
    with engine.connect() as connection:
        assert connection.execute(sqlalchemy.text("SELECT count(*) FROM checkins")).scalar() == 0
