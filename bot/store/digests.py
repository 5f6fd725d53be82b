"""Store topic: daily digests — which chats want one, and turning the day's held items into
one digest delivery.

Owns the `digest_item` rows (held at ingest for chats in digest mode) and `chats.last_digest_at`.
When a digest is due is decided by the pure `bot.delivery.digest`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.schema import chats, deliveries, subscriptions


@dataclass(frozen=True, slots=True)
class DigestChat:
    chat_id: int
    at: str  # HH:MM
    timezone: str
    last_digest_at: datetime | None
    thread_id: str | None


class DigestsStore:
    _engine: AsyncEngine

    async def digest_chats(self) -> list[DigestChat]:
        """Active chats with subscriptions in digest mode, with their digest time."""
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    sa.select(
                        chats.c.id,
                        subscriptions.c.digest_time,
                        subscriptions.c.timezone,
                        chats.c.last_digest_at,
                        subscriptions.c.thread_id,
                    )
                    .join(subscriptions, subscriptions.c.chat_id == chats.c.id)
                    .where(chats.c.active.is_(True), subscriptions.c.mode == "digest")
                    .order_by(chats.c.id, subscriptions.c.id)
                )
            ).fetchall()
        out: dict[int, DigestChat] = {}
        for r in rows:
            out.setdefault(r[0], DigestChat(r[0], r[1] or "08:00", r[2] or "UTC", r[3], r[4]))
        return list(out.values())

    async def make_digest(
        self, chat: DigestChat, period_end: datetime, now: datetime
    ) -> int | None:
        """Gather the chat's held items up to `period_end` into one digest delivery, in one
        transaction; mark the period done even when it was empty. The digest's id, or None.

        The period is claimed first, by a conditional update: with several replicas running
        the digest job, exactly one of them makes a chat's digest for a period."""
        async with self._engine.begin() as conn:
            claimed = await conn.execute(
                chats.update()
                .where(
                    chats.c.id == chat.chat_id,
                    sa.or_(chats.c.last_digest_at.is_(None), chats.c.last_digest_at < period_end),
                )
                .values(last_digest_at=period_end)
            )
            if claimed.rowcount != 1:
                return None  # another replica made this period's digest
            items = (
                await conn.execute(
                    sa.select(deliveries.c.id, deliveries.c.statement_id)
                    .where(
                        deliveries.c.chat_id == chat.chat_id,
                        deliveries.c.kind == "digest_item",
                        deliveries.c.state == "held",
                        deliveries.c.created_at <= period_end,
                    )
                    .order_by(deliveries.c.id)
                )
            ).fetchall()
            if not items:
                return None
            digest_id = (
                await conn.execute(
                    deliveries.insert()
                    .values(
                        chat_id=chat.chat_id,
                        kind="digest",
                        thread_id=chat.thread_id,
                        state="pending",
                        attempts=0,
                        due_at=now,
                        created_at=now,
                        payload={
                            "statements": [i.statement_id for i in items],
                            "period_end": period_end.isoformat(),
                        },
                    )
                    .returning(deliveries.c.id)
                )
            ).scalar_one()
            await conn.execute(
                deliveries.update()
                .where(deliveries.c.id.in_([i.id for i in items]))
                .values(state="digested", last_error=f"in digest {digest_id}")
            )
            return int(digest_id)
