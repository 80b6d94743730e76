"""Rasa's SQL tracker store (SQLite or PostgreSQL) that can forget a person.

- "delete my data": when a turn ran `action_delete_my_data`, every stored
  event of that conversation is deleted instead of saving the turn (in a
  SQLite file overwritten too, see stores/database.py: sqlite_engine);
- retention: `purge_expired()` deletes every conversation whose last event is
  older than the retention period (RETENTION_DAYS, default 30), run by
  scripts/purge_conversations.py at each start and on demand (`make purge`).

It also remembers how many events a tracker it loaded or saved already has in
the database, so saving a turn writes the new events without Rasa's count query
(about a tenth of the server's time per message in `make bench`), and moves a
conversation's events as JSON text rather than as ORM objects, both ways.
"""
from __future__ import annotations

import itertools
import json
import logging
import os
import time
from typing import Iterator, List, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.shared.core.trackers import DialogueStateTracker

from stores.database import sqlite_engine

logger = logging.getLogger(__name__)

DELETE_ACTION = "action_delete_my_data"
DEFAULT_RETENTION_DAYS = 30.0
# Set on trackers this store loaded or saved: how many of their events are stored.
STORED = "_stored_event_count"


def retention_seconds() -> float:
    return float(os.environ.get("RETENTION_DAYS") or DEFAULT_RETENTION_DAYS) * 24 * 3600


class PrivateSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self.engine = sqlite_engine(self.engine.url)
            self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        """Rasa's query, reading only the events' JSON instead of whole rows as objects."""
        with self.session_scope() as session:
            rows = (self._event_query(session, sender_id, fetch_events_from_all_sessions)
                    .with_entities(self.SQLEvent.data).all())
        if not (self.domain and rows):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(row.data) for row in rows], self.domain.slots)
        if not fetch_events_from_all_sessions:
            setattr(tracker, STORED, len(tracker.events))
        return tracker

    def _additional_events(self, session, tracker: DialogueStateTracker) -> Iterator:
        stored = getattr(tracker, STORED, None)
        if stored is None:  # a tracker built elsewhere (HTTP API): ask the database
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
        if any(isinstance(event, ActionExecuted) and event.action_name == DELETE_ACTION for event in new_events):
            self.delete(tracker.sender_id)
        else:
            await self.stream_events(tracker)
            self._insert(tracker.sender_id, new_events)
        setattr(tracker, STORED, len(tracker.events))

    def _insert(self, sender_id: Text, events: List[Event]) -> None:
        """Rasa's rows for new events, written in one statement instead of one ORM object each."""
        if not events:
            return
        rows = []
        for event in events:
            data = event.as_dict()
            rows.append({"sender_id": sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
                         "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                         "action_name": data.get("name"), "data": json.dumps(data)})
        with self.session_scope() as session:
            session.execute(sa.insert(self.SQLEvent.__table__), rows)
            session.commit()

    def delete(self, sender_id: str) -> int:
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
            self._erase_from_log(session)
        logger.info("Deleted a conversation on request (%d events)", deleted)
        return deleted

    def _erase_from_log(self, session) -> None:
        """SQLite's write-ahead log still holds deleted text until it is checkpointed and emptied."""
        if self.engine.dialect.name == "sqlite":
            session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))

    def purge_expired(self, max_age_seconds: float, now: float = 0.0) -> int:
        """Deletes every conversation whose newest event is older than max_age_seconds."""
        cutoff = (now or time.time()) - max_age_seconds
        events = self.SQLEvent
        with self.session_scope() as session:
            stale = (session.query(events.sender_id).group_by(events.sender_id)
                     .having(sa.func.max(events.timestamp) < cutoff).subquery())
            deleted = (session.query(events).filter(events.sender_id.in_(sa.select(stale.c.sender_id)))
                       .delete(synchronize_session=False))
            session.commit()
            self._erase_from_log(session)
        return deleted
