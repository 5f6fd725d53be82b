"""Writing outbox rows inside the statement's own transaction: who gets what, as rows.

Owns the translation of "these subscriptions match" (decided by the pure
`bot.delivery.matching`) into deliveries:

    new event, chat in push mode     -> alert        (one per chat and event: unique key)
    new event, chat in digest mode   -> digest_item  (held until the chat's daily digest)
    event that gains a copy or a     -> update       for chats whose alert was already sent
    correction                                       (pending alerts render the new state)

Every function here takes the caller's open connection; none opens a transaction of its own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.delivery.matching import matching
from bot.models import Statement
from bot.store.rows import insert_ignoring_conflicts, subscription_from_row
from bot.store.schema import chats, deliveries, events, sources, statements, subscriptions


async def takes_the_lead(conn: AsyncConnection, event_id: int, source_id: str) -> bool:
    """True when a copy from `source_id` should lead its event: it is official and the
    current lead is not (the ministry's own release leads the wire copy)."""
    official = (
        await conn.execute(sa.select(sources.c.official).where(sources.c.id == source_id))
    ).scalar()
    if not official:
        return False
    lead_official = (
        await conn.execute(
            sa.select(sources.c.official)
            .select_from(events)
            .join(statements, statements.c.id == events.c.lead_statement_id)
            .join(sources, sources.c.id == statements.c.source_id)
            .where(events.c.id == event_id)
        )
    ).scalar()
    return not lead_official


async def queue_for_statement(
    conn: AsyncConnection, stmt: Statement, statement_id: int, event_id: int, now: datetime
) -> int:
    """Alert (or hold for the digest) every active chat a subscription of which matches; a
    chat gets one row per event however many of its subscriptions match. Returns the number
    of new alert rows."""
    rows = (
        await conn.execute(
            sa.select(subscriptions)
            .join(chats, chats.c.id == subscriptions.c.chat_id)
            .where(chats.c.active.is_(True))
            .order_by(subscriptions.c.id)
        )
    ).fetchall()
    per_chat: dict[int, dict[str, Any]] = {}
    for sub in matching([subscription_from_row(r) for r in rows], stmt):
        push = sub.mode == "push"
        current = per_chat.get(sub.chat_id)
        if current is not None and (current["kind"] == "alert" or not push):
            continue  # push wins over digest: nothing in a digest is also pushed
        per_chat[sub.chat_id] = {
            "chat_id": sub.chat_id,
            "event_id": event_id,
            "statement_id": statement_id,
            "subscription_id": sub.id,
            "kind": "alert" if push else "digest_item",
            "thread_id": sub.thread_id,
            "state": "pending" if push else "held",
            "attempts": 0,
            "due_at": now,
            "created_at": now,
        }
    if not per_chat:
        return 0
    res = await conn.execute(
        insert_ignoring_conflicts(conn, deliveries).returning(deliveries.c.id, deliveries.c.kind),
        list(per_chat.values()),
    )
    # rowcount is unreliable for multi-row inserts on asyncpg; RETURNING is not
    return sum(1 for r in res.fetchall() if r.kind == "alert")


async def queue_updates(conn: AsyncConnection, event_id: int, now: datetime) -> int:
    """An event changed (another source, a corrected text): every chat whose alert for it was
    already sent gets an update row, re-armed if an earlier update was already sent."""
    sent = (
        await conn.execute(
            sa.select(deliveries.c.chat_id, deliveries.c.statement_id, deliveries.c.thread_id)
            .join(chats, chats.c.id == deliveries.c.chat_id)
            .where(
                deliveries.c.event_id == event_id,
                deliveries.c.kind == "alert",
                deliveries.c.state == "sent",
                chats.c.active.is_(True),
            )
        )
    ).fetchall()
    count = 0
    for chat_id, statement_id, thread_id in sent:
        existing = (
            await conn.execute(
                sa.select(deliveries.c.id, deliveries.c.state).where(
                    deliveries.c.chat_id == chat_id,
                    deliveries.c.event_id == event_id,
                    deliveries.c.kind == "update",
                )
            )
        ).first()
        if existing is not None and existing.state not in ("sent", "failed"):
            continue  # an update is still queued: it will show the newest state
        if existing is not None:
            # A newer change after the last update went out: send the new state again. It
            # takes a fresh place at the end of the chat's queue (a new id keeps the order).
            await conn.execute(deliveries.delete().where(deliveries.c.id == existing.id))
        await conn.execute(
            deliveries.insert().values(
                chat_id=chat_id,
                event_id=event_id,
                statement_id=statement_id,
                kind="update",
                thread_id=thread_id,
                state="pending",
                attempts=0,
                due_at=now,
                created_at=now,
            )
        )
        count += 1
    return count
