"""The dispatch loop: drain the outbox to the platforms, as fast as their limits allow.

    while running, keeping up to `delivery.concurrency` deliveries in flight:
        rows = store.claim_due(owner, now, lease, n)  the oldest open row of each chat, leased
        for each row, concurrently across chats (one at a time within a chat):
            render it: alert  -> the event's lead, "also reported by" the other sources
                       update -> the same, edited into the alert already sent
                       digest -> the day's held statements, grouped by country pair
            wait for a slot in the platform's rate-limit windows (token, chat, group)
            send (or edit), then store.mark_sent(row, message_id)
          on RateLimited   -> due again after exactly retry_after, no attempt counted
                              (scope "token": the whole token pauses that long)
          on ChatMigrated  -> move the chat to its new id, due again now, no attempt counted
          on ChatGone      -> deactivate the chat, cancel its queue
          on Rejected      -> failed, with the reason
          on anything else -> retry with exponential backoff and jitter; failed after max_attempts
    on stop: deliveries waiting for a slot give their rows back; those sending finish

A crash between send and mark_sent leaves the row leased; when the lease expires it is sent
again: at most one duplicate per chat, never a loss. The dispatcher knows platforms only
through the `Platform` protocol.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.analysis.gazetteer import Gazetteer
from bot.clock import Clock
from bot.config import DeliveryConfig, LimitsConfig
from bot.delivery.digest import build_digest
from bot.delivery.limits import Limiter, Rate
from bot.delivery.protocol import Platform
from bot.delivery.render import Alert, render_alert
from bot.errors import ChatGone, ChatMigrated, RateLimited, Rejected
from bot.models import Chat
from bot.store import Claimed, Store

if TYPE_CHECKING:
    from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)

GROUP_KINDS = frozenset({"group", "supergroup", "channel"})
Sleep = Callable[[float], Awaitable[None]]


def retry_delay(attempts: int, base: float, cap: float, rnd: random.Random) -> float:
    """Exponential backoff with jitter: base·2^attempts, capped, scaled by [0.5, 1)."""
    return float(min(base * (2**attempts), cap) * rnd.uniform(0.5, 1.0))


def limiters_from(config: LimitsConfig) -> dict[str, Limiter]:
    """One limiter per platform token, from `delivery.limits`."""

    def rate(text: str | None) -> Rate | None:
        return Rate.parse(text) if text else None

    return {
        name: Limiter(rate(lim.per_token), rate(lim.per_chat), rate(lim.per_group))
        for name, lim in (("telegram", config.telegram), ("slack", config.slack))
    }


class _Skip(Exception):
    """Nothing to send for this row; finish it with the given state and reason."""

    def __init__(self, state: str, reason: str) -> None:
        super().__init__(reason)
        self.state = state


class Dispatcher:
    def __init__(
        self,
        store: Store,
        platforms: Mapping[str, Platform],
        clock: Clock,
        settings: DeliveryConfig,
        gazetteer: Gazetteer,
        owner: str | None = None,
        limiters: Mapping[str, Limiter] | None = None,
        rnd: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
        may_send: Callable[[str], bool] | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._metrics = metrics  # None: not counted (tests, the demo)
        # With several replicas, only the holder of a platform's "send:<platform>" lease
        # sends for it, so one process spends each token's rate budget.
        self._may_send = may_send
        self._store = store
        self._platforms = platforms
        self._clock = clock
        self._settings = settings
        self._gazetteer = gazetteer
        self.owner = owner or f"dispatcher-{uuid.uuid4().hex[:8]}"
        self._limiters = dict(limiters_from(settings.limits) if limiters is None else limiters)
        self._rnd = rnd or random.Random()
        self._sleep = sleep
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()

    def wake(self) -> None:
        """New rows were queued: look now rather than at the next tick."""
        self._wake.set()

    async def run_once(self) -> int:
        """Claim one batch of due rows and deliver them; the number of rows handled."""
        rows = await self._store.claim_due(
            self.owner,
            self._clock.now(),
            self._settings.lease,
            self._settings.batch,
            self._sending_for(),
        )
        if rows:
            await asyncio.gather(*(self._deliver(row) for row in rows))
        return len(rows)

    def _sending_for(self) -> list[str] | None:
        if self._may_send is None:
            return None
        return [p for p in self._platforms if self._may_send(p)]

    async def drain(self) -> int:
        """Deliver until nothing is due now (the demo and tests use this)."""
        total = 0
        while (n := await self.run_once()) > 0:
            total += n
        return total

    async def run(self, stop: asyncio.Event) -> None:
        log.info("dispatcher %s started", self.owner)
        inflight: set[asyncio.Task[None]] = set()
        try:
            while not stop.is_set():
                room = self._settings.concurrency - len(inflight)
                rows: list[Claimed] = []
                if room > 0:
                    try:
                        rows = await self._store.claim_due(
                            self.owner,
                            self._clock.now(),
                            self._settings.lease,
                            min(room, self._settings.batch),
                            self._sending_for(),
                        )
                    except Exception:
                        log.exception("dispatcher: claiming from the outbox failed; retrying")
                for row in rows:
                    task = asyncio.create_task(self._deliver(row))
                    inflight.add(task)
                    task.add_done_callback(inflight.discard)
                    # A finished delivery may free its chat's next row: look again at once.
                    task.add_done_callback(lambda _t: self._wake.set())
                if rows and len(inflight) < self._settings.concurrency:
                    continue
                self._wake.clear()
                waiters: set[asyncio.Future[object]] = {
                    asyncio.ensure_future(self._wake.wait()),
                    asyncio.ensure_future(stop.wait()),
                }
                if inflight and room <= 0:
                    waiters.add(asyncio.ensure_future(asyncio.wait(inflight)))
                await asyncio.wait(
                    waiters,
                    timeout=self._settings.poll_interval,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                for w in waiters:
                    w.cancel()
        finally:
            self._stopping.set()  # waiting deliveries give their rows back
            if inflight:
                await asyncio.gather(*inflight, return_exceptions=True)
            released = await self._store.release(self.owner)
            log.info("dispatcher %s stopped (%d in-flight rows released)", self.owner, released)

    # -- one delivery ---------------------------------------------------------------------

    async def _render(self, row: Claimed, chat: Chat) -> tuple[Alert, str | None]:
        """The alert to show and, for an update, the message to edit."""
        if row.kind == "digest":
            ids = [int(i) for i in (row.payload or {}).get("statements", [])]  # type: ignore[attr-defined]
            found = [s for s in [await self._store.get_statement(i) for i in ids] if s]
            if not found:
                raise _Skip("cancelled", "digest: its statements are gone")
            end = datetime.fromisoformat(str((row.payload or {}).get("period_end")))
            return build_digest(found, self._gazetteer, end), None
        view = await self._store.event_view(row.event_id) if row.event_id else None
        if view is None:
            raise _Skip("failed", "statement gone")
        alert = replace(
            render_alert(view.lead, self._gazetteer),
            also_reported=view.also_reported,
            subscription_id=row.subscription_id,
        )
        if row.kind != "update":
            return alert, None
        assert chat.id is not None and row.event_id is not None
        message_id = await self._store.alert_message_id(chat.id, row.event_id)
        if message_id is None:
            raise _Skip("cancelled", "the alert to update was never delivered")
        return replace(alert, update_note=view.change_note if view.revision > 1 else None), (
            message_id
        )

    async def _slot(self, chat: Chat) -> bool:
        """Wait for a rate-limit slot. False when the wait would outlast half the lease (the
        row is given back, due then) or the dispatcher is stopping."""
        limiter = self._limiters.get(chat.platform)
        if limiter is None:
            return True
        is_group = chat.kind in GROUP_KINDS
        for _ in range(3):
            now = self._clock.now().timestamp()
            delay = limiter.reserve(chat.address, is_group, now, self._settings.lease / 2)
            if delay is None:
                return False
            if delay > 0:
                sleeping = asyncio.ensure_future(self._sleep(delay))
                stopping = asyncio.ensure_future(self._stopping.wait())
                await asyncio.wait({sleeping, stopping}, return_when=asyncio.FIRST_COMPLETED)
                sleeping.cancel()
                stopping.cancel()
            if self._stopping.is_set():
                return False
            late = self._clock.now().timestamp() - (now + delay)
            if late <= max(limiter.pace_gap / 2, 0.005):
                return True
            # Woke late (the loop was busy): so were the sends due around us, and together
            # they would burst. Give the slot back and take the next one from now.
            limiter.cancel(chat.address, is_group, now + delay)
        return True

    async def _deliver(self, row: Claimed) -> None:
        chat = await self._store.get_chat(row.chat_id)
        if chat is None or not chat.active:
            await self._store.mark_failed(row.id, self.owner, "chat gone")
            return
        platform = self._platforms.get(chat.platform)
        if platform is None:
            await self._store.mark_retry(
                row.id,
                self.owner,
                f"platform {chat.platform} not running",
                self._clock.now() + timedelta(seconds=self._settings.backoff_max),
                count_attempt=False,
            )
            return
        try:
            alert, edit_of = await self._render(row, chat)
        except _Skip as skip:
            await self._store.finish(row.id, self.owner, skip.state, str(skip))
            return
        if not await self._slot(chat):
            if not self._stopping.is_set():
                await self._store.mark_retry(
                    row.id,
                    self.owner,
                    "waiting for a rate-limit slot",
                    self._clock.now() + timedelta(seconds=self._settings.lease / 2),
                    count_attempt=False,
                )
            return
        where = f"chat {chat.platform}:{chat.address} {row.kind} {row.id}"
        ids = {
            "chat": f"{chat.platform}:{chat.address}",
            "delivery": row.id,
            "statement": row.statement_id,
            "platform": chat.platform,
        }
        try:
            if edit_of is not None:
                await platform.edit_alert(chat, edit_of, alert)
                message_id = edit_of
            else:
                message_id = await platform.send_alert(chat, alert, row.thread_id)
        except RateLimited as e:
            now = self._clock.now()
            if e.scope == "token" and chat.platform in self._limiters:
                self._limiters[chat.platform].pause(now.timestamp() + e.retry_after)
            log.warning("%s: rate limited for %gs (%s)", where, e.retry_after, e.scope, extra=ids)
            self._count(chat.platform, "rate_limited")
            await self._store.mark_retry(
                row.id,
                self.owner,
                str(e),
                now + timedelta(seconds=e.retry_after),
                count_attempt=False,
            )
        except ChatMigrated as e:
            log.info("%s: chat migrated to %s; moving it", where, e.new_address, extra=ids)
            self._count(chat.platform, "retried")
            assert chat.id is not None
            await self._store.move_chat(chat.id, e.new_address)
            await self._store.mark_retry(
                row.id, self.owner, str(e), self._clock.now(), count_attempt=False
            )
        except ChatGone as e:
            assert chat.id is not None
            cancelled = await self._store.deactivate_chat(chat.id, str(e))
            log.warning(
                "%s: chat gone (%s); deactivated, %d queued cancelled",
                where,
                e,
                cancelled,
                extra=ids,
            )
            self._count(chat.platform, "failed")
        except Rejected as e:
            await self._store.mark_failed(row.id, self.owner, str(e))
            log.error("%s: gave up, the platform rejected the message: %s", where, e, extra=ids)
            self._count(chat.platform, "failed")
        except Exception as e:  # Retryable, and any bug in a platform module
            await self._retry(row, where, e, ids)
        else:
            await self._store.mark_sent(row.id, self.owner, message_id, self._clock.now())
            self._count(chat.platform, "sent")

    def _count(self, platform: str, result: str) -> None:
        if self._metrics is None:
            return
        if result == "rate_limited":
            self._metrics.limited(platform)
        else:
            self._metrics.alert(platform, result)

    async def _retry(
        self, row: Claimed, where: str, error: Exception, ids: dict[str, Any] | None = None
    ) -> None:
        ids = ids or {}
        reason = f"{type(error).__name__}: {error}"[:500]
        attempts = row.attempts + 1
        if attempts >= self._settings.max_attempts:
            await self._store.mark_failed(row.id, self.owner, reason)
            log.error("%s: gave up after %d attempts: %s", where, attempts, reason, extra=ids)
            self._count(str(ids.get("platform", "")), "failed")
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
        log.warning(
            "%s: attempt %d failed, retry in %.0fs: %s", where, attempts, delay, reason, extra=ids
        )
        self._count(str(ids.get("platform", "")), "retried")
