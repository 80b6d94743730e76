"""Due check-ins, one row each, in the tracker store's database.

A row is claimed before it is delivered, by a compare-and-set on its status
(`UPDATE ... WHERE status = 'scheduled'`): of two schedulers or two replicas
racing for the same row exactly one wins, on PostgreSQL and on SQLite. On
PostgreSQL the candidates are also read with `FOR UPDATE SKIP LOCKED`, so
replicas pick different rows instead of queueing behind each other's locks.
A delivered or cancelled row is deleted: nothing stays about a person longer
than needed.
"""
from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass
from typing import Iterable, List, Optional

import sqlalchemy as sa

from stores.database import create_engine

logger = logging.getLogger(__name__)

SCHEDULED, SENDING, FAILED = "scheduled", "sending", "failed"
MAX_ATTEMPTS = 5
# A row left "sending" this long belongs to a scheduler that died mid-delivery.
STALE_SECONDS = 600

metadata = sa.MetaData()
checkins = sa.Table(
    "checkins", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("channel", sa.String(64), nullable=False),
    sa.Column("week", sa.Integer, nullable=False),
    sa.Column("due_at", sa.Float, nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False, default=SCHEDULED),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("claimed_at", sa.Float),
)


@dataclass(frozen=True)
class Checkin:
    id: int
    conversation_id: str
    channel: str
    week: int
    due_at: float


class CheckinStore:
    def __init__(self, engine: sa.engine.Engine) -> None:
        self.engine = engine
        metadata.create_all(engine, checkfirst=True)
        # The earliest due time of a check-in waiting for the person's next message,
        # as the scheduler last read it: until then no message needs a database query.
        self.waiting_due_at: Optional[float] = None

    def earliest_due(self, channels: Iterable[str]) -> Optional[float]:
        with self.engine.connect() as connection:
            return connection.execute(sa.select(sa.func.min(checkins.c.due_at)).where(
                checkins.c.status == SCHEDULED, checkins.c.channel.in_(list(channels)))).scalar()

    def schedule(self, conversation_id: str, channel: str, week: int, due_at: float) -> None:
        """One pending check-in per conversation: a new one replaces the old."""
        with self.engine.begin() as connection:
            connection.execute(checkins.delete().where(checkins.c.conversation_id == conversation_id))
            connection.execute(checkins.insert().values(
                conversation_id=conversation_id, channel=channel, week=week, due_at=due_at,
                status=SCHEDULED, attempts=0))

    def cancel(self, conversation_id: str) -> int:
        with self.engine.begin() as connection:
            return connection.execute(
                checkins.delete().where(checkins.c.conversation_id == conversation_id)).rowcount

    def pending(self, conversation_id: str) -> Optional[Checkin]:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(checkins).where(checkins.c.conversation_id == conversation_id,
                                          checkins.c.status.in_([SCHEDULED, SENDING]))
                .order_by(checkins.c.due_at).limit(1)).first()
        return _checkin(row) if row else None

    def take_due(self, conversation_id: str, now: Optional[float] = None) -> Optional[Checkin]:
        """For channels that cannot send first: the due check-in, claimed and removed at once."""
        due = sa.select(checkins).where(
            checkins.c.conversation_id == conversation_id, checkins.c.status == SCHEDULED,
            checkins.c.due_at <= (now or time.time())).order_by(checkins.c.due_at).limit(1)
        with self.engine.begin() as connection:
            row = connection.execute(due).first()
            if row is None:
                return None
            taken = connection.execute(
                checkins.delete().where(checkins.c.id == row.id, checkins.c.status == SCHEDULED)).rowcount
        return _checkin(row) if taken == 1 else None

    def claim_due(self, channels: Iterable[str], limit: int = 50, now: Optional[float] = None) -> List[Checkin]:
        """For channels that can send first: due rows this caller alone now holds."""
        now = now or time.time()
        candidates = (sa.select(checkins)
                      .where(checkins.c.status == SCHEDULED, checkins.c.due_at <= now,
                             checkins.c.channel.in_(list(channels)))
                      .order_by(checkins.c.due_at).limit(limit)
                      .with_for_update(skip_locked=True))
        claimed = []
        with self.engine.begin() as connection:
            for row in connection.execute(candidates).fetchall():
                won = connection.execute(
                    checkins.update().where(checkins.c.id == row.id, checkins.c.status == SCHEDULED)
                    .values(status=SENDING, claimed_at=now)).rowcount
                if won == 1:
                    claimed.append(_checkin(row))
        return claimed

    def delivered(self, checkin: Checkin) -> None:
        with self.engine.begin() as connection:
            connection.execute(checkins.delete().where(checkins.c.id == checkin.id))

    def retry_later(self, checkin: Checkin, delay: float, now: Optional[float] = None) -> None:
        """Back to the queue after a failed delivery; given up after MAX_ATTEMPTS."""
        attempts = checkins.c.attempts + 1
        with self.engine.begin() as connection:
            connection.execute(checkins.update().where(checkins.c.id == checkin.id).values(
                attempts=attempts, due_at=(now or time.time()) + delay, claimed_at=None,
                status=sa.case((attempts >= MAX_ATTEMPTS, FAILED), else_=SCHEDULED)))

    def purge_overdue(self, max_age_seconds: float, now: Optional[float] = None) -> int:
        """Check-ins due longer ago than the retention period: their conversation is gone too."""
        with self.engine.begin() as connection:
            return connection.execute(checkins.delete().where(
                checkins.c.due_at < (now or time.time()) - max_age_seconds)).rowcount

    def recover_stale(self, now: Optional[float] = None) -> int:
        with self.engine.begin() as connection:
            return connection.execute(checkins.update().where(
                checkins.c.status == SENDING, checkins.c.claimed_at < (now or time.time()) - STALE_SECONDS)
                .values(status=SCHEDULED, claimed_at=None)).rowcount


def _checkin(row) -> Checkin:
    return Checkin(row.id, row.conversation_id, row.channel, row.week, row.due_at)


@functools.lru_cache(maxsize=1)
def configured_store() -> Optional[CheckinStore]:
    """The store beside the configured tracker store; None (no check-ins) if that is not SQL."""
    try:
        return CheckinStore(create_engine())
    except ValueError as error:
        logger.warning("Check-ins are off: %s", error)
        return None
