"""The store: one object over SQLite or PostgreSQL, its methods grouped by topic.

    lifecycle      open_store(url) (migrates), close()
    sources        sync_sources, list_sources, get_source, add_source, remove_source,
                   record_poll, mark_seen                  (store/sources.py)
    statements     add_statement (statement + event + outbox in ONE transaction),
                   get_statement, latest, search, count_statements          (store/statements.py)
    events         event_view, event_candidates, known_entries, set_item_hash,
                   revise_statement (new text + updates in ONE transaction)  (store/events.py)
    chats          ensure_chat, get_chat, find_chat, add_subscription, list_subscriptions,
                   remove_subscriptions, deactivate_chat, move_chat         (store/chats.py)
    outbox         claim_due, mark_sent, mark_retry, mark_failed, release, alert_message_id,
                   queue_depth, sent_since, recent_failures                 (store/outbox.py)
    digests        digest_chats, make_digest                                (store/digests.py)
    leases         take_lease, drop_lease, lease_holder, claim_source,
                   release_source (replicas sharing one database)           (store/leases.py)

The store decides nothing about the application (when to poll, who matches, how to render);
it keeps state and answers queries. It never talks to the network or a platform.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.chats import ChatsStore
from bot.store.digests import DigestChat, DigestsStore
from bot.store.engine import create_engine, migrate
from bot.store.events import EventsStore, EventView, KnownEntry
from bot.store.leases import LeasesStore
from bot.store.outbox import Claimed, OutboxStore
from bot.store.sources import SourcesStore, SourceState
from bot.store.statements import StatementsStore, Stored


class Store(
    SourcesStore, StatementsStore, EventsStore, ChatsStore, OutboxStore, DigestsStore, LeasesStore
):
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    async def ping(self) -> bool:
        async with self._engine.connect() as conn:
            return (await conn.execute(sa.text("SELECT 1"))).scalar() == 1

    async def close(self) -> None:
        await self._engine.dispose()


async def open_store(url: str) -> Store:
    """Connect, bring the schema up to date, and return the store."""
    engine = create_engine(url)
    try:
        await migrate(engine)
    except BaseException:
        await engine.dispose()
        raise
    return Store(engine)


__all__ = [
    "Claimed",
    "DigestChat",
    "EventView",
    "KnownEntry",
    "SourceState",
    "Store",
    "Stored",
    "open_store",
]
