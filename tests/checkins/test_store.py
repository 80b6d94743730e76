"""The check-in store: each due check-in is claimed by exactly one of many racing schedulers."""
import concurrent.futures
import time
import uuid

import pytest
import sqlalchemy

from checkins import delay
from checkins.store import CheckinStore
from tests.e2e.conftest import require
from tests.e2e.test_persistence import services_running

ROWS, WORKERS = 300, 4


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        yield CheckinStore(sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'c.db'}", connect_args={"timeout": 15}))
        return
    require(services_running(), "PostgreSQL (127.0.0.1:5432) is not running", "REQUIRE_SERVICES")
    database = f"legtwitch_store_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine("postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{database}"'))
    engine = sqlalchemy.create_engine(f"postgresql://postgres@127.0.0.1:5432/{database}", pool_size=WORKERS + 2)
    yield CheckinStore(engine)
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'DROP DATABASE "{database}"'))


def test_racing_schedulers_claim_every_due_checkin_exactly_once(store):
    now = time.time()
    for number in range(ROWS):
        store.schedule(f"telegram:{number}", "telegram", 4, now - 1)

    def waiting():
        with store.engine.connect() as connection:
            return connection.execute(sqlalchemy.text("SELECT count(*) FROM checkins WHERE status = 'scheduled'")).scalar()

    def scheduler(_):
        mine = []
        while waiting():
            mine += [checkin.conversation_id for checkin in store.claim_due(["telegram"], limit=3)]
        return mine

    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        claims = [conversation for mine in pool.map(scheduler, range(WORKERS)) for conversation in mine]
    assert len(claims) == len(set(claims)), "a check-in was claimed twice"
    assert set(claims) == {f"telegram:{number}" for number in range(ROWS)}, "a check-in was lost"


def test_a_failed_delivery_comes_back_later_and_a_cancelled_one_never(store):
    now = time.time()
    store.schedule("telegram:1", "telegram", 4, now - 1)
    store.schedule("telegram:2", "telegram", 4, now - 1)
    first, second = store.claim_due(["telegram"])
    store.retry_later(first, 60)
    assert store.claim_due(["telegram"]) == []
    assert [c.conversation_id for c in store.claim_due(["telegram"], now=now + 61)] == [first.conversation_id]
    store.cancel(second.conversation_id)
    store.recover_stale(now=now + 10_000)
    assert [c.conversation_id for c in store.claim_due(["telegram"], now=now + 10_000)] == [first.conversation_id]


def test_channels_that_cannot_send_first_take_theirs_at_the_next_message(store):
    now = time.time()
    store.schedule("rest:me", "rest", 4, now + 30)
    assert store.take_due("rest:me") is None
    assert store.claim_due(["telegram", "slack"], now=now + 31) == []
    assert store.take_due("rest:me", now=now + 31).week == 4
    assert store.take_due("rest:me", now=now + 31) is None


def test_the_earliest_waiting_checkin_is_known_without_reading_each_one(store):
    now = time.time()
    assert store.earliest_due(["rest", "socketio"]) is None
    store.schedule("rest:later", "rest", 4, now + 60)
    store.schedule("socketio:sooner", "socketio", 4, now + 30)
    store.schedule("telegram:soonest", "telegram", 4, now + 10)
    assert store.earliest_due(["rest", "socketio"]) == pytest.approx(now + 30)


def test_checkins_nobody_came_back_for_go_with_the_retention_period(store):
    now = time.time()
    store.schedule("rest:gone", "rest", 4, now - 31 * 86400)
    store.schedule("rest:soon", "rest", 4, now + 86400)
    assert store.purge_overdue(30 * 86400) == 1
    assert store.pending("rest:gone") is None and store.pending("rest:soon") is not None


@pytest.mark.parametrize("text, seconds", [("30s", 30), ("10m", 600), ("2d", 172800), ("4w", 2419200)])
def test_checkin_after_accepts_seconds_to_weeks(text, seconds):
    assert delay.parse(text) == seconds


@pytest.mark.parametrize("text", ["", "4", "weeks", "0s", "-1d", "4 weeks", "1y"])
def test_checkin_after_refuses_anything_else_with_the_reason(text):
    with pytest.raises(delay.DelayError, match="use a number and one of s, m, h, d, w"):
        delay.parse(text)
