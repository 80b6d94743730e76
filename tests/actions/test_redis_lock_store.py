"""The lock store's ticket handling under concurrent processes (real Redis)."""
import concurrent.futures
import os
import uuid

import pytest
import redis
from rasa.utils.endpoints import EndpointConfig

from stores.redis_lock_store import AtomicRedisLockStore


def redis_available():
    try:
        return redis.Redis("127.0.0.1", 6379, socket_timeout=2).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def stores():
    if not redis_available():
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("Redis is not running at 127.0.0.1:6379 (REQUIRE_SERVICES=1 makes this a failure)")
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    config = EndpointConfig(url="127.0.0.1", port=6379, db=0, key_prefix="locktest", socket_timeout=5)
    return [AtomicRedisLockStore(config) for _ in range(8)]


def issue_concurrently(stores, conversation):
    with concurrent.futures.ThreadPoolExecutor(len(stores) * 4) as pool:
        return list(pool.map(lambda n: stores[n % len(stores)].issue_ticket(conversation), range(len(stores) * 25)))


def test_concurrent_processes_never_get_the_same_ticket(stores):
    conversation = uuid.uuid4().hex
    tickets = issue_concurrently(stores, conversation)
    assert sorted(tickets) == list(range(len(tickets)))
    for ticket in tickets:
        stores[0].cleanup(conversation, ticket)
    assert stores[0].get_lock(conversation) is None


def test_the_lock_is_kept_while_someone_still_waits(stores):
    conversation = uuid.uuid4().hex
    first, second = stores[0].issue_ticket(conversation), stores[1].issue_ticket(conversation)
    stores[0].cleanup(conversation, first)
    lock = stores[1].get_lock(conversation)
    assert lock is not None and not lock.is_locked(second)
    stores[1].cleanup(conversation, second)
    assert stores[1].get_lock(conversation) is None
