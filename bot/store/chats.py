"""Store topic: chats (where alerts go) and their subscriptions (what they want).

Owns `chats` and `subscriptions`, plus the chat-level effects of platform answers: deactivating
a chat that blocked or removed the bot (and cancelling its queue), moving a migrated chat.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.models import Chat, Subscription
from bot.store.rows import insert_ignoring_conflicts, subscription_from_row
from bot.store.schema import chats, deliveries, subscriptions


def _chat(row: sa.Row[tuple[object, ...]]) -> Chat:
    m = row._mapping
    return Chat(
        id=m["id"],
        platform=m["platform"],
        address=m["address"],
        kind=m["kind"],
        title=m["title"],
        active=m["active"],
    )


class ChatsStore:
    _engine: AsyncEngine

    async def ensure_chat(self, chat: Chat, now: datetime) -> Chat:
        """The stored chat for (platform, address), created or reactivated as needed. Two
        replicas (or two commands) creating the same chat at once get the same row."""
        async with self._engine.begin() as conn:
            await conn.execute(
                insert_ignoring_conflicts(conn, chats).values(
                    platform=chat.platform,
                    address=chat.address,
                    kind=chat.kind,
                    title=chat.title,
                    active=True,
                    created_at=now,
                )
            )
            row = (
                await conn.execute(
                    sa.select(chats).where(
                        chats.c.platform == chat.platform, chats.c.address == chat.address
                    )
                )
            ).one()
            if not row.active or (chat.title and chat.title != row.title):
                await conn.execute(
                    chats.update()
                    .where(chats.c.id == row.id)
                    .values(active=True, deactivated_reason=None, title=chat.title or row.title)
                )
            return replace(_chat(row), active=True, title=chat.title or row.title)

    async def get_chat(self, chat_id: int) -> Chat | None:
        async with self._engine.connect() as conn:
            row = (await conn.execute(sa.select(chats).where(chats.c.id == chat_id))).first()
        return _chat(row) if row else None

    async def find_chat(self, platform: str, address: str) -> Chat | None:
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    sa.select(chats).where(chats.c.platform == platform, chats.c.address == address)
                )
            ).first()
        return _chat(row) if row else None

    async def add_subscription(
        self, sub: Subscription, now: datetime, created_by: str | None = None
    ) -> Subscription:
        """Store a subscription; an identical one in the same chat is returned, not doubled."""
        values = {
            "chat_id": sub.chat_id,
            "countries": list(sub.countries),
            "types": sorted(sub.types),
            "keywords": list(sub.keywords),
            "sources": sorted(sub.sources),
            "mode": sub.mode,
            "digest_time": sub.digest_time,
            "timezone": sub.timezone,
            "thread_id": sub.thread_id,
        }
        async with self._engine.begin() as conn:
            for row in (
                await conn.execute(
                    sa.select(subscriptions).where(subscriptions.c.chat_id == sub.chat_id)
                )
            ).fetchall():
                same = all(
                    sorted(row._mapping[k]) == sorted(v)
                    if isinstance(v, list)
                    else row._mapping[k] == v
                    for k, v in values.items()
                )
                if same:
                    return subscription_from_row(row)
            sub_id = (
                await conn.execute(
                    subscriptions.insert()
                    .values(created_at=now, created_by=created_by, **values)
                    .returning(subscriptions.c.id)
                )
            ).scalar_one()
        return replace(sub, id=sub_id)

    async def list_subscriptions(self, chat_id: int) -> list[Subscription]:
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    sa.select(subscriptions)
                    .where(subscriptions.c.chat_id == chat_id)
                    .order_by(subscriptions.c.id)
                )
            ).fetchall()
        return [subscription_from_row(r) for r in rows]

    async def remove_subscriptions(self, chat_id: int, ids: list[int] | None) -> int:
        """Remove some (or, with None, all) of a chat's subscriptions; returns how many."""
        q = subscriptions.delete().where(subscriptions.c.chat_id == chat_id)
        if ids is not None:
            q = q.where(subscriptions.c.id.in_(ids))
        async with self._engine.begin() as conn:
            return (await conn.execute(q)).rowcount

    async def deactivate_chat(self, chat_id: int, reason: str) -> int:
        """The platform says this chat is gone for us: stop sending and cancel what is queued.
        Returns the number of cancelled deliveries."""
        async with self._engine.begin() as conn:
            await conn.execute(
                chats.update()
                .where(chats.c.id == chat_id)
                .values(active=False, deactivated_reason=reason)
            )
            res = await conn.execute(
                deliveries.update()
                .where(
                    deliveries.c.chat_id == chat_id,
                    deliveries.c.state.in_(("pending", "sending")),
                )
                .values(state="cancelled", last_error=reason, lease_owner=None, lease_until=None)
            )
            return res.rowcount

    async def move_chat(self, chat_id: int, new_address: str) -> None:
        """The platform gave the chat a new id (Telegram group -> supergroup)."""
        async with self._engine.begin() as conn:
            taken = (
                await conn.execute(
                    sa.select(chats.c.id).where(
                        chats.c.platform
                        == sa.select(chats.c.platform)
                        .where(chats.c.id == chat_id)
                        .scalar_subquery(),
                        chats.c.address == new_address,
                    )
                )
            ).scalar()
            if taken is not None and taken != chat_id:
                # The new id already has a chat row (e.g. someone used the bot there first):
                # move the subscriptions and queue onto it and retire the old row.
                await conn.execute(
                    subscriptions.update()
                    .where(subscriptions.c.chat_id == chat_id)
                    .values(chat_id=taken)
                )
                await conn.execute(
                    deliveries.update()
                    .where(deliveries.c.chat_id == chat_id, deliveries.c.state == "pending")
                    .values(chat_id=taken)
                )
                await conn.execute(
                    chats.update()
                    .where(chats.c.id == chat_id)
                    .values(active=False, deactivated_reason=f"migrated to {new_address}")
                )
                return
            await conn.execute(
                chats.update().where(chats.c.id == chat_id).values(address=new_address)
            )

    async def set_delivery_mode(
        self, chat_id: int, mode: str, digest_time: str | None, timezone: str | None
    ) -> int:
        """Switch every subscription of a chat to push or to a daily digest; how many."""
        async with self._engine.begin() as conn:
            res = await conn.execute(
                subscriptions.update()
                .where(subscriptions.c.chat_id == chat_id)
                .values(mode=mode, digest_time=digest_time, timezone=timezone)
            )
            return res.rowcount
