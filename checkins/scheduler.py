"""Delivers due check-ins on channels that can send first (Telegram, Slack), and
notes when the first check-in waiting for a REST or web chat message falls due.

Runs inside every Rasa server (scripts/serve_rasa.py starts it with the
server), so `make run`, a replica and the compose stack each have one and
nothing else needs starting. Delivery goes through Rasa's own API -
POST /conversations/{id}/trigger_intent with the conversation's channel as
output channel - so the check-in is a normal turn: stored, locked, answered by
the same rules. Rows are claimed exactly once (checkins/store.py).
"""
from __future__ import annotations

import asyncio
import logging
import os
from typing import Optional
from urllib.parse import quote

import aiohttp

from checkins import PULL_CHANNELS, PUSH_CHANNELS
from checkins.store import Checkin, CheckinStore
from stores.log_ids import short_hash

logger = logging.getLogger(__name__)

INTENT = "checkin_due"
RETRY_SECONDS = 60
CONCURRENT_DELIVERIES = 8


def poll_seconds() -> float:
    return float(os.environ.get("CHECKIN_POLL_SECONDS", "10"))


class Scheduler:
    def __init__(self, store: CheckinStore, rasa_url: str, token: str) -> None:
        self.store = store
        self.rasa_url = rasa_url.rstrip("/")
        self.token = token
        self.session: Optional[aiohttp.ClientSession] = None

    async def run_forever(self) -> None:
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        try:
            while True:
                try:
                    await self.deliver_due()
                except Exception:
                    logger.exception("Check-in delivery round failed; trying again in %s s", poll_seconds())
                await asyncio.sleep(poll_seconds())
        finally:
            await self.session.close()

    async def deliver_due(self) -> int:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.store.recover_stale)
        due = await loop.run_in_executor(None, self.store.claim_due, PUSH_CHANNELS)
        limit = asyncio.Semaphore(CONCURRENT_DELIVERIES)

        async def deliver(checkin: Checkin) -> None:
            async with limit:
                await self.deliver(checkin)

        await asyncio.gather(*(deliver(checkin) for checkin in due))
        self.store.waiting_due_at = await loop.run_in_executor(None, self.store.earliest_due, PULL_CHANNELS)
        return len(due)

    async def deliver(self, checkin: Checkin) -> None:
        url = f"{self.rasa_url}/conversations/{quote(checkin.conversation_id, safe='')}/trigger_intent"
        body = {"name": INTENT, "entities": {"checkin_week": checkin.week}}
        params = {"output_channel": checkin.channel, "token": self.token}
        loop = asyncio.get_running_loop()
        try:
            async with self.session.post(url, json=body, params=params) as response:
                ok = response.status == 200
        except (aiohttp.ClientError, asyncio.TimeoutError):
            ok = False
        if ok:
            await loop.run_in_executor(None, self.store.delivered, checkin)
        else:
            logger.warning("Check-in for conversation %s not delivered; retrying in %s s",
                           short_hash(checkin.conversation_id), RETRY_SECONDS)
            await loop.run_in_executor(None, self.store.retry_later, checkin, RETRY_SECONDS)
