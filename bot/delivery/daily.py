"""The daily digest job: every minute, turn each due chat's held items into one digest row.

Runs from the scheduler (an APScheduler cron job at second 0). When a chat's digest is due is
the pure `last_boundary`; gathering and marking happen in one store transaction; sending is
the dispatcher's, like any other delivery (rate limits, retries, order within the chat).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.clock import Clock
from bot.delivery.digest import last_boundary
from bot.store import Store

log = logging.getLogger(__name__)


class DigestJob:
    def __init__(self, store: Store, clock: Clock, on_queued: Callable[[], None] | None = None):
        self._store = store
        self._clock = clock
        self._on_queued = on_queued

    async def run(self) -> int:
        """Queue every digest that is due now; how many were queued."""
        now = self._clock.now()
        queued = 0
        for chat in await self._store.digest_chats():
            try:
                boundary = last_boundary(now, chat.at, chat.timezone)
            except (ValueError, KeyError) as e:
                log.warning(
                    "chat %d: bad digest time %s %s: %s", chat.chat_id, chat.at, chat.timezone, e
                )
                continue
            if chat.last_digest_at is not None and chat.last_digest_at >= boundary:
                continue
            digest_id = await self._store.make_digest(chat, boundary, now)
            if digest_id is not None:
                queued += 1
                log.info("chat %d: daily digest %d queued", chat.chat_id, digest_id)
        if queued and self._on_queued:
            self._on_queued()
        return queued
