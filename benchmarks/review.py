"""`make bench-review`: how long `make review` takes on a large tracker store.

Generates synthetic conversations straight into a temporary store - SQLite, or
PostgreSQL with --postgresql - in rows shaped as Rasa's SQL tracker store writes
them (session start, user messages with a full NLU parse, slots, actions, bot
replies with their response names), then times scripts/review_conversations.py
over it, as `make review` runs it. Writes results/review_bench_<store>.json.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import random
import subprocess
import tempfile
import time
import uuid
from itertools import islice
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore

from tests.e2e.harness import BIN, ROOT, base_env

RESULTS = ROOT / "results"
COLUMNS = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")
# endpoints.production.yml names the lock store's variables too; the review never uses it.
POSTGRESQL = {variable: os.environ.get(variable) or default for variable, default in
              (("DB_HOST", "127.0.0.1"), ("DB_PORT", "5432"), ("DB_USER", "postgres"), ("DB_PASSWORD", ""),
               ("REDIS_HOST", "127.0.0.1"), ("REDIS_PORT", "6379"), ("REDIS_DB", "0"), ("REDIS_PASSWORD", ""))}
INTENTS = ["greet", "describe_symptoms", "inform", "affirm", "deny", "ask_dose", "ask_side_effects", "ask_timing",
           "ask_not_working", "out_of_scope", "thank", "goodbye"]
META = {"model_id": "7c0fbbd7f3aa4b9d958b2ea4097b1296", "assistant_id": "leg-twitch-magnesium"}
PLAN_TEXT = ("• Start with 250 mg of magnesium oxide daily. [1]\n• Adults can take up to 350 mg a day from "
             "supplements. [FNB]\n• Take it in the evening, with food. [2]\n• If it does not help after 4 weeks, "
             "see a GP. [NHS]")
GIBBERISH = ["blorp", "zzz", "qwerty", "hmm what", "legs go brrr", "mag??", "the thing", "idk man", "wobbly bits",
             "plz help", "asdf", "ok so", "what now", "tingly", "eh", "pins", "sos", "umm", "jumpy calf", "twitchy"]
CITIES = ["paris", "leeds", "london", "york", "bath", "rome", "oslo", "lima", "cairo", "delhi"]

# (text, intent, confidence, runner-up, the responses that answered it: (utter_action or None, text))
ScriptedTurn = Tuple[str, str, float, str, List[Tuple[Optional[str], str]]]


def understood(text: str, intent: str, reply: str = "utter_greet") -> ScriptedTurn:
    return text, intent, 0.97, "thank", [(reply, "Hi! I help with leg muscle twitching.")]


def conversation(rng: random.Random) -> List[ScriptedTurn]:
    """A short conversation: mostly understood; about 1 message in 10 is not."""
    turns = [understood("hi", "greet"), understood("my calves twitch every night", "describe_symptoms",
                                                   "utter_intake_start")]
    for _ in range(rng.randint(1, 5)):
        draw = rng.random()
        if draw < 0.05:
            text = f"{rng.choice(GIBBERISH)} {rng.randint(1, 400)}"
            turns.append((text, "nlu_fallback", 0.45, "ask_dose",
                          [("utter_did_you_mean", "Sorry, I'm not sure I understood. Did you mean one of these?")]))
        elif draw < 0.08:
            turns.append((rng.choice(GIBBERISH), "deny", 0.81, "unsure",
                          [("utter_hint_yes_no", "Sorry, I didn't get that. Please answer yes, no or not sure.")]))
        elif draw < 0.11:
            turns.append((f"what is the weather in {rng.choice(CITIES)}", "out_of_scope", 0.93, "ask_question",
                          [("utter_out_of_scope", "Sorry, I can't help with that.")]))
        elif draw < 0.14:
            turns.append((f"is magnesium ok with {rng.choice(GIBBERISH)}", "ask_side_effects", 0.52, "ask_dose",
                          [(None, PLAN_TEXT), (None, "Sources: [1] the guide.")]))
        elif draw < 0.16:
            phone = f"07{rng.randint(10**8, 10**9 - 1)}"
            turns.append((f"my name is {rng.choice(['sam', 'ana', 'lee'])}, call me on {phone}", "nlu_fallback",
                          0.45, "inform", [("utter_default", "Sorry, I didn't understand that.")]))
        else:
            turns.append(rng.choice([understood("no", "deny", "utter_ask_age_group"),
                                     understood("yes", "affirm", "utter_ask_pregnant"),
                                     ("any side effects?", "ask_side_effects", 0.95, "ask_dose",
                                      [(None, PLAN_TEXT), (None, "Sources: [1] the guide.")])]))
    return turns


def event(kind: str, timestamp: float, **fields) -> dict:
    return {"event": kind, "timestamp": timestamp, "metadata": dict(META), **fields}


def action(name: str, timestamp: float) -> dict:
    return event("action", timestamp, name=name, policy="RulePolicy", confidence=1.0, action_text=None,
                 hide_rule_turn=True)


def user(text: str, intent: str, confidence: float, runner_up: str, timestamp: float) -> dict:
    ranking = [{"name": intent, "confidence": confidence}, {"name": runner_up, "confidence": (1 - confidence) / 2}]
    ranking += [{"name": name, "confidence": 0.001} for name in INTENTS if name not in (intent, runner_up)][:8]
    message_id = uuid.uuid4().hex
    parse = {"intent": {"name": intent, "confidence": confidence}, "entities": [], "text": text,
             "message_id": message_id, "metadata": {}, "text_tokens": [[0, len(text)]], "intent_ranking": ranking}
    return event("user", timestamp, text=text, parse_data=parse, input_channel="rest", message_id=message_id)


def bot(utter_action: Optional[str], text: str, timestamp: float) -> dict:
    metadata = dict(META, **({"utter_action": utter_action, "template": utter_action} if utter_action else {}))
    return {"event": "bot", "timestamp": timestamp, "metadata": metadata, "text": text,
            "data": {"elements": None, "quick_replies": None, "buttons": None, "attachment": None, "image": None,
                     "custom": None}}


def rows(conversations: int, seed: int) -> Iterator[tuple]:
    """(sender_id, type_name, timestamp, intent_name, action_name, data) as SQLTrackerStore stores them."""
    rng = random.Random(seed)
    start = time.time() - 30 * 86400
    for number in range(conversations):
        sender = f"rest:{uuid.UUID(int=rng.getrandbits(128)).hex}"
        clock = start + number * (30 * 86400 / conversations)
        events = [action("action_session_start", clock), event("session_started", clock),
                  action("action_listen", clock)]
        for text, intent, confidence, runner_up, replies in conversation(rng):
            clock += rng.uniform(5, 60)
            events += [user(text, intent, confidence, runner_up, clock),
                       event("slot", clock, name="requested_slot", value="age_group"),
                       event("user_featurization", clock, use_text_for_featurization=False),
                       action("intake_form", clock)]
            events += [bot(utter_action, reply, clock) for utter_action, reply in replies]
            events.append(action("action_listen", clock))
        for item in events:
            intent = item["parse_data"]["intent"]["name"] if item["event"] == "user" else None
            name = item.get("name") if item["event"] in ("action", "slot") else None
            yield sender, item["event"], item["timestamp"], intent, name, json.dumps(item)


def generate_store(engine: sa.engine.Engine, conversations: int, seed: int = 14) -> int:
    """Writes the conversations into a new events table (Rasa's own schema); returns the number of events."""
    SQLTrackerStore.SQLEvent.__table__.create(engine)
    connection = engine.raw_connection()
    try:
        if engine.dialect.name == "postgresql":
            copy_into_postgresql(connection.cursor(), rows(conversations, seed))
        else:
            connection.cursor().executemany(f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
                                            rows(conversations, seed))
        connection.commit()
        cursor = connection.cursor()
        cursor.execute("SELECT COUNT(*) FROM events")
        return cursor.fetchone()[0]
    finally:
        connection.close()


def copy_into_postgresql(cursor, generated: Iterator[tuple], batch: int = 100_000) -> None:
    """COPY in batches: row-by-row INSERTs of millions of events would take most of an hour."""
    while True:
        chunk = io.StringIO()
        written = csv.writer(chunk)
        written.writerows(["" if value is None else value for value in row] for row in islice(generated, batch))
        if not chunk.tell():
            return
        chunk.seek(0)
        cursor.copy_expert(f"COPY events ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv, NULL '')", chunk)


@contextlib.contextmanager
def temporary_store(postgresql: bool) -> Iterator[Tuple[sa.engine.Engine, Dict[str, str]]]:
    """An empty store and the settings `make review` needs to read it."""
    if not postgresql:
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "conversations.db"
            engine = sa.create_engine(f"sqlite:///{database}")
            yield engine, {"TRACKER_DB": str(database)}
            engine.dispose()
        return
    settings = dict(POSTGRESQL, DB_NAME=f"review_bench_{uuid.uuid4().hex[:8]}",
                    RASA_ENDPOINTS="endpoints.production.yml")

    def url(database: str) -> sa.engine.URL:
        return sa.engine.URL.create("postgresql", username=settings["DB_USER"],
                                    password=settings["DB_PASSWORD"] or None, host=settings["DB_HOST"],
                                    port=int(settings["DB_PORT"]), database=database)

    admin = sa.create_engine(url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{settings["DB_NAME"]}"'))
    engine = sa.create_engine(url(settings["DB_NAME"]))
    try:
        yield engine, settings
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{settings["DB_NAME"]}" WITH (FORCE)'))
        admin.dispose()


def time_review(settings: Dict[str, str]) -> Tuple[float, str]:
    """Seconds for the review, as `make review` runs it, and its output."""
    endpoints = settings.get("RASA_ENDPOINTS", "endpoints.yml")
    start = time.monotonic()
    result = subprocess.run([str(BIN / "python"), "scripts/review_conversations.py", endpoints], cwd=ROOT,
                            env=base_env(ACTION_ENDPOINT_URL="unused", **settings), capture_output=True, text=True,
                            check=True)
    return round(time.monotonic() - start, 1), result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100_000, help="conversations to generate (100,000)")
    parser.add_argument("--postgresql", action="store_true",
                        help="a temporary PostgreSQL database (DB_HOST, DB_PORT, DB_USER) instead of SQLite")
    arguments = parser.parse_args()
    store = "postgresql" if arguments.postgresql else "sqlite"
    with temporary_store(arguments.postgresql) as (engine, settings):
        print(f"==> Generating {arguments.conversations:,} conversations into {store}", flush=True)
        started = time.monotonic()
        events = generate_store(engine, arguments.conversations)
        print(f"    {events:,} events in {time.monotonic() - started:.0f} s", flush=True)
        print("==> make review over it", flush=True)
        seconds, output = time_review(settings)
    summary = output.splitlines()[0]
    print(f"    {seconds} s: {summary}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"review_bench_{store}.json").write_text(json.dumps(
        {"store": store, "conversations": arguments.conversations, "events": events, "seconds": seconds,
         "summary": summary}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
