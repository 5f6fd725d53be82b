"""Store topic: the outbox — claiming due deliveries with a lease and recording what happened.

Owns the state machine of a `deliveries` row:

    pending ──claim──► sending ──mark_sent──► sent
       ▲                  │ ├──mark_retry──► pending (due later)
       └── lease expires ─┘ └──mark_failed─► failed          (chat gone: cancelled)

Only the head of each chat's queue is claimable, so alerts reach a chat in the order they were
queued even when an earlier one is backing off. On PostgreSQL the claim uses
`FOR UPDATE SKIP LOCKED` so replicas never take the same row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.schema import chats, deliveries

_OPEN = ("pending", "sending")


@dataclass(frozen=True, slots=True)
class Claimed:
    id: int
    chat_id: int
    statement_id: int
    event_id: int
    kind: str
    thread_id: str | None
    attempts: int
    subscription_id: int | None = None
    payload: dict[str, object] | None = None


class OutboxStore:
    _engine: AsyncEngine

    async def claim_due(
        self,
        owner: str,
        now: datetime,
        lease_s: float,
        limit: int,
        platforms: Sequence[str] | None = None,
    ) -> list[Claimed]:
        """Lease up to `limit` due rows, at most one per chat (the oldest open row of each),
        only for chats on `platforms` when given (those this replica sends for)."""
        d = deliveries.alias("d")
        head = (
            sa.select(sa.func.min(deliveries.c.id))
            .where(deliveries.c.chat_id == d.c.chat_id, deliveries.c.state.in_(_OPEN))
            .scalar_subquery()
        )
        due = sa.or_(
            sa.and_(d.c.state == "pending", d.c.due_at <= now),
            sa.and_(d.c.state == "sending", d.c.lease_until < now),
        )
        pick = sa.select(d.c.id).where(due, d.c.id == head)
        if platforms is not None:
            if not platforms:
                return []
            pick = pick.where(
                d.c.chat_id.in_(sa.select(chats.c.id).where(chats.c.platform.in_(platforms)))
            )
        pick = pick.order_by(d.c.due_at, d.c.id).limit(limit)
        async with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                pick = pick.with_for_update(skip_locked=True, of=d)
            ids = [r[0] for r in (await conn.execute(pick)).fetchall()]
            if not ids:
                return []
            rows = (
                await conn.execute(
                    deliveries.update()
                    .where(deliveries.c.id.in_(ids))
                    .values(
                        state="sending",
                        lease_owner=owner,
                        lease_until=now + timedelta(seconds=lease_s),
                    )
                    .returning(
                        deliveries.c.id,
                        deliveries.c.chat_id,
                        deliveries.c.statement_id,
                        deliveries.c.event_id,
                        deliveries.c.kind,
                        deliveries.c.thread_id,
                        deliveries.c.attempts,
                        deliveries.c.subscription_id,
                        deliveries.c.payload,
                    )
                )
            ).fetchall()
        return sorted((Claimed(*r) for r in rows), key=lambda c: c.id)

    async def _finish(self, delivery_id: int, owner: str, **values: object) -> bool:
        async with self._engine.begin() as conn:
            res = await conn.execute(
                deliveries.update()
                .where(
                    deliveries.c.id == delivery_id,
                    deliveries.c.state == "sending",
                    deliveries.c.lease_owner == owner,
                )
                .values(lease_owner=None, lease_until=None, **values)
            )
            return res.rowcount == 1

    async def mark_sent(self, delivery_id: int, owner: str, message_id: str, now: datetime) -> bool:
        return await self._finish(
            delivery_id, owner, state="sent", message_id=message_id, sent_at=now, last_error=None
        )

    async def mark_retry(
        self, delivery_id: int, owner: str, error: str, due_at: datetime, count_attempt: bool
    ) -> bool:
        extra: dict[str, object] = {"attempts": deliveries.c.attempts + 1} if count_attempt else {}
        return await self._finish(
            delivery_id, owner, state="pending", last_error=error, due_at=due_at, **extra
        )

    async def finish(self, delivery_id: int, owner: str, state: str, reason: str) -> bool:
        """End a row that needs no sending (cancelled: nothing left to send; failed)."""
        return await self._finish(delivery_id, owner, state=state, last_error=reason)

    async def mark_failed(self, delivery_id: int, owner: str, error: str) -> bool:
        return await self._finish(
            delivery_id,
            owner,
            state="failed",
            last_error=error,
            attempts=deliveries.c.attempts + 1,
        )

    async def alert_message_id(self, chat_id: int, event_id: int) -> str | None:
        """The platform message id of the alert this chat got for an event, if it was sent."""
        async with self._engine.connect() as conn:
            return (
                await conn.execute(
                    sa.select(deliveries.c.message_id).where(
                        deliveries.c.chat_id == chat_id,
                        deliveries.c.event_id == event_id,
                        deliveries.c.kind == "alert",
                        deliveries.c.state == "sent",
                    )
                )
            ).scalar()

    async def release(self, owner: str) -> int:
        """Give back every row this owner holds (clean shutdown): they are due again at once."""
        async with self._engine.begin() as conn:
            res = await conn.execute(
                deliveries.update()
                .where(deliveries.c.state == "sending", deliveries.c.lease_owner == owner)
                .values(state="pending", lease_owner=None, lease_until=None)
            )
            return res.rowcount

    async def sent_since(self, since: datetime) -> dict[str, int]:
        """Deliveries finished since a moment, by state (sent / failed), for `readout status`."""
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    sa.select(deliveries.c.state, sa.func.count())
                    .where(
                        sa.or_(
                            deliveries.c.sent_at >= since,
                            sa.and_(
                                deliveries.c.state == "failed", deliveries.c.created_at >= since
                            ),
                        )
                    )
                    .group_by(deliveries.c.state)
                )
            ).fetchall()
        return {r[0]: int(r[1]) for r in rows}

    async def queue_depth(self) -> dict[str, int]:
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    sa.select(deliveries.c.state, sa.func.count()).group_by(deliveries.c.state)
                )
            ).fetchall()
        return {r[0]: int(r[1]) for r in rows}

    async def recent_failures(self, limit: int = 10) -> list[tuple[int, int, str | None]]:
        """(delivery id, chat id, reason) of the newest failed deliveries."""
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    sa.select(deliveries.c.id, deliveries.c.chat_id, deliveries.c.last_error)
                    .where(deliveries.c.state == "failed")
                    .order_by(deliveries.c.id.desc())
                    .limit(limit)
                )
            ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]
