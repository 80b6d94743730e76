"""Reads the tracker store's events table with SQL: each user message with the
responses that answered it, streamed in event order.

Rasa's own API would load every tracker whole; for 100,000 conversations this
reads only user and bot events, and only the few JSON fields needed (extracted
by the database), so no event is deserialised in Python.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, Iterator, List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

FALLBACK_INTENT = "nlu_fallback"
BATCH = 5000


@dataclass
class Turn:
    """A user message and what the assistant did with it (no sender id)."""

    text: str
    timestamp: float
    intent: str
    confidence: float
    best_guess: str  # the classifier's likeliest intent: the runner-up when NLU fell back
    best_confidence: float
    replies: List[str] = field(default_factory=list)  # the responses (utter_*) that answered it


@dataclass
class Totals:
    messages: int = 0
    conversations: int = 0


def read_turns(engine: sa.engine.Engine, events: sa.Table, totals: Totals,
               on_progress: Optional[Callable[[int], None]] = None) -> Iterator[Turn]:
    """Every typed user message (button payloads are not typed text) with its replies.
    `on_progress` is called with the id of the last event read, batch by batch."""
    open_turns: Dict[str, Turn] = {}
    senders = set()
    with engine.connect() as connection:
        rows = connection.execution_options(stream_results=True).execute(_query(engine, events))
        for batch in rows.partitions(BATCH):
            for _, sender, type_name, timestamp, intent, text, confidence, *ranking, utter_action in batch:
                if type_name == "bot":
                    if utter_action and sender in open_turns:
                        open_turns[sender].replies.append(utter_action)
                    continue
                finished = open_turns.pop(sender, None)
                if finished is not None:
                    yield finished
                senders.add(sender)
                if text and not text.startswith("/"):
                    totals.messages += 1
                    open_turns[sender] = _turn(text, timestamp, intent, confidence, ranking)
            if on_progress:
                on_progress(batch[-1][0])
    totals.conversations = len(senders)
    yield from open_turns.values()


def event_ids(engine: sa.engine.Engine, events: sa.Table) -> Tuple[int, int]:
    """The first and last event id: the span to read, from the primary key (no table scan)."""
    with engine.connect() as connection:
        first, last = connection.execute(sa.select(sa.func.min(events.c.id), sa.func.max(events.c.id))).one()
    return first or 0, last or 0


def _query(engine: sa.engine.Engine, events: sa.Table) -> sa.sql.Select:
    if engine.dialect.name == "postgresql":
        # `data` is text: parsed once per row as jsonb (OFFSET 0 keeps PostgreSQL from
        # inlining the cast, which would parse the text again for every field read).
        as_jsonb = sa.select(sa.cast(events.c.data, postgresql.JSONB).label("data")).correlate(events)
        parsed = as_jsonb.offset(0).lateral()
        data, source = parsed.c.data, events.join(parsed, sa.true())
    else:
        # SQLite's json_extract reads the text as it is (a CAST there would make it a number).
        data, source = sa.type_coerce(events.c.data, sa.JSON), events
    user = events.c.type_name == "user"

    def field_of_user_event(*path, as_float=False):
        value = data[path].as_float() if as_float else data[path].as_string()
        return sa.case((user, value))  # not looked for in bot events

    ranking = ("parse_data", "intent_ranking")
    return (sa.select(
        events.c.id, events.c.sender_id, events.c.type_name, events.c.timestamp, events.c.intent_name,
        field_of_user_event("text"),
        field_of_user_event("parse_data", "intent", "confidence", as_float=True),
        # The top two of the ranking: when NLU fell back, nlu_fallback is first and the guess second.
        field_of_user_event(*ranking, 0, "name"), field_of_user_event(*ranking, 0, "confidence", as_float=True),
        field_of_user_event(*ranking, 1, "name"), field_of_user_event(*ranking, 1, "confidence", as_float=True),
        sa.case((events.c.type_name == "bot", data[("metadata", "utter_action")].as_string())),
    ).select_from(source).where(events.c.type_name.in_(("user", "bot"))).order_by(events.c.id))


def _turn(text: str, timestamp: float, intent: Optional[str], confidence: Optional[float],
          ranking: List) -> Turn:
    intent = intent or FALLBACK_INTENT
    guess, guess_confidence = intent, confidence or 0.0
    if intent == FALLBACK_INTENT:
        guess, guess_confidence = next(((name, score or 0.0) for name, score in zip(ranking[0::2], ranking[1::2])
                                        if name and name != FALLBACK_INTENT), (guess, guess_confidence))
    return Turn(text=text, timestamp=timestamp or 0.0, intent=intent, confidence=confidence or 0.0,
                best_guess=guess, best_confidence=guess_confidence)
