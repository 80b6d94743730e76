"""Rasa's Redis lock store with each read-modify-write done as one Redis transaction.

Rasa 3.6's RedisLockStore issues and returns tickets with a plain GET then SET.
Two replicas receiving messages for one conversation at the same moment can
both read the same lock, both take the same ticket and process the messages
side by side - one message's events are then lost. Here every change to a
lock is retried under WATCH/MULTI until no other process changed it meanwhile.
"""
from __future__ import annotations

import json
from typing import Callable, Optional, Text

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

LockChange = Callable[[Optional[TicketLock]], Optional[TicketLock]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _change(self, conversation_id: Text, change: LockChange) -> Optional[TicketLock]:
        """Applies `change` to the stored lock atomically; None deletes it."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
                    pipe.multi()
                    if lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, lock.dumps())
                    pipe.execute()
                    return lock
                except redis.WatchError:
                    continue

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        issued = []

        def take_ticket(lock: Optional[TicketLock]) -> TicketLock:
            lock = lock or TicketLock(conversation_id)
            issued.append(lock.issue_ticket(lock_lifetime))
            return lock

        try:
            self._change(conversation_id, take_ticket)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        return issued[-1]

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> Optional[TicketLock]:
            if lock:
                lock.remove_expired_tickets()
            return lock

        self._change(conversation_id, drop_expired)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        def finish(lock: Optional[TicketLock]) -> Optional[TicketLock]:
            if not lock:
                return None
            lock.remove_ticket_for(ticket_number)
            return lock if lock.is_someone_waiting() else None

        self._change(conversation_id, finish)
