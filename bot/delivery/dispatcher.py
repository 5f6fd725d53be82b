"""The dispatch loop: drain the outbox to the platforms. Dispatcher.run_once():

    rows = store.claim_due(owner, now, lease, batch)   the oldest open row of each chat, leased
    for each row, concurrently across chats:
        chat, statement = store lookups               (a chat gone inactive: row cancelled)
        alert = render_alert(statement)
        message_id = platform.send_alert(chat, alert)
        store.mark_sent(row, message_id)
      on RateLimited   -> due again after retry_after, no attempt counted
      on ChatMigrated  -> move the chat to its new id, due again now, no attempt counted
      on ChatGone      -> deactivate the chat, cancel its queue
      on Rejected      -> failed, with the reason
      on anything else -> retry with exponential backoff and jitter; failed after max_attempts

A crash between send and mark_sent leaves the row leased; when the lease expires it is sent
again: at most one duplicate, never a loss. The dispatcher knows platforms only through the
`Platform` protocol.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta

from bot.analysis.gazetteer import Gazetteer
from bot.clock import Clock
from bot.config import DeliveryConfig
from bot.delivery.protocol import Platform
from bot.delivery.render import render_alert
from bot.errors import ChatGone, ChatMigrated, RateLimited, Rejected
from bot.store import Claimed, Store

log = logging.getLogger(__name__)


def retry_delay(attempts: int, base: float, cap: float, rnd: random.Random) -> float:
    """Exponential backoff with jitter: base·2^attempts, capped, scaled by [0.5, 1)."""
    return float(min(base * (2**attempts), cap) * rnd.uniform(0.5, 1.0))


class Dispatcher:
    def __init__(
        self,
        store: Store,
        platforms: Mapping[str, Platform],
        clock: Clock,
        settings: DeliveryConfig,
        gazetteer: Gazetteer,
        owner: str | None = None,
        concurrency: int = 64,
        rnd: random.Random | None = None,
    ) -> None:
        self._store = store
        self._platforms = platforms
        self._clock = clock
        self._settings = settings
        self._gazetteer = gazetteer
        self.owner = owner or f"dispatcher-{uuid.uuid4().hex[:8]}"
        self._slots = asyncio.Semaphore(concurrency)
        self._rnd = rnd or random.Random()
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """New rows were queued: look now rather than at the next tick."""
        self._wake.set()

    async def run_once(self) -> int:
        """Claim one batch of due rows and deliver them; the number of rows handled."""
        rows = await self._store.claim_due(
            self.owner, self._clock.now(), self._settings.lease, self._settings.batch
        )
        if rows:
            await asyncio.gather(*(self._deliver(row) for row in rows))
        return len(rows)

    async def drain(self) -> int:
        """Deliver until nothing is due now (the demo and tests use this)."""
        total = 0
        while (n := await self.run_once()) > 0:
            total += n
        return total

    async def run(self, stop: asyncio.Event) -> None:
        log.info("dispatcher %s started", self.owner)
        try:
            while not stop.is_set():
                try:
                    handled = await self.run_once()
                except Exception:
                    log.exception("dispatcher: claiming from the outbox failed; retrying")
                    handled = 0
                if handled:
                    continue
                self._wake.clear()
                waiters = [
                    asyncio.ensure_future(self._wake.wait()),
                    asyncio.ensure_future(stop.wait()),
                ]
                await asyncio.wait(
                    waiters,
                    timeout=self._settings.poll_interval,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                for w in waiters:
                    w.cancel()
        finally:
            released = await self._store.release(self.owner)
            log.info("dispatcher %s stopped (%d in-flight rows released)", self.owner, released)

    async def _deliver(self, row: Claimed) -> None:
        async with self._slots:
            chat = await self._store.get_chat(row.chat_id)
            statement = await self._store.get_statement(row.statement_id)
            if chat is None or statement is None or not chat.active:
                await self._store.mark_failed(row.id, self.owner, "chat or statement gone")
                return
            platform = self._platforms.get(chat.platform)
            if platform is None:
                delay = self._settings.backoff_max
                await self._store.mark_retry(
                    row.id,
                    self.owner,
                    f"platform {chat.platform} not running",
                    self._clock.now() + timedelta(seconds=delay),
                    count_attempt=False,
                )
                return
            alert = replace(
                render_alert(statement, self._gazetteer), subscription_id=row.subscription_id
            )
            where = f"chat {chat.platform}:{chat.address} statement {statement.id}"
            try:
                message_id = await platform.send_alert(chat, alert, row.thread_id)
            except RateLimited as e:
                await self._store.mark_retry(
                    row.id,
                    self.owner,
                    str(e),
                    self._clock.now() + timedelta(seconds=e.retry_after),
                    count_attempt=False,
                )
            except ChatMigrated as e:
                log.info("%s: chat migrated to %s; moving it", where, e.new_address)
                assert chat.id is not None
                await self._store.move_chat(chat.id, e.new_address)
                await self._store.mark_retry(
                    row.id, self.owner, str(e), self._clock.now(), count_attempt=False
                )
            except ChatGone as e:
                assert chat.id is not None
                cancelled = await self._store.deactivate_chat(chat.id, str(e))
                log.warning(
                    "%s: chat gone (%s); deactivated, %d queued cancelled", where, e, cancelled
                )
            except Rejected as e:
                await self._store.mark_failed(row.id, self.owner, str(e))
                log.error("%s: gave up, platform rejected the message: %s", where, e)
            except Exception as e:  # Retryable, and any bug in a platform module
                await self._retry(row, where, e)
            else:
                await self._store.mark_sent(row.id, self.owner, message_id, self._clock.now())

    async def _retry(self, row: Claimed, where: str, error: Exception) -> None:
        reason = f"{type(error).__name__}: {error}"[:500]
        attempts = row.attempts + 1
        if attempts >= self._settings.max_attempts:
            await self._store.mark_failed(row.id, self.owner, reason)
            log.error("%s: gave up after %d attempts: %s", where, attempts, reason)
            return
        delay = retry_delay(
            attempts, self._settings.backoff_base, self._settings.backoff_max, self._rnd
        )
        await self._store.mark_retry(
            row.id,
            self.owner,
            reason,
            self._clock.now() + timedelta(seconds=delay),
            count_attempt=True,
        )
        log.warning("%s: attempt %d failed, retry in %.0fs: %s", where, attempts, delay, reason)
