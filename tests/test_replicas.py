"""Leases between replicas on one database (SQLite here; PostgreSQL in the postgres tests)."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.replicas import LeaseKeeper
from bot.store import Store
from tests.fakes.platform import ScriptedPlatform
from tests.helpers import make_dispatcher, source, subscribe_chat
from tests.test_outbox import statement


async def test_named_lease_is_exclusive_until_it_expires(any_store: Store, clock: FakeClock):
    store = any_store
    assert await store.take_lease("send:telegram", "r1", clock.now(), 30)
    assert not await store.take_lease("send:telegram", "r2", clock.now(), 30)
    assert await store.take_lease("send:telegram", "r1", clock.now(), 30)  # renewal
    clock.advance(31)
    assert await store.take_lease("send:telegram", "r2", clock.now(), 30)  # r1 died
    assert await store.lease_holder("send:telegram", clock.now()) == "r2"


async def test_source_claim_once_per_interval(any_store: Store, clock: FakeClock):
    store = any_store
    await store.sync_sources([source("s", "https://m.example/rss")])
    assert await store.claim_source("s", "r1", clock.now(), 300, min_gap_s=300)
    assert not await store.claim_source("s", "r2", clock.now(), 300, min_gap_s=300)  # leased
    await store.record_poll("s", now=clock.now(), next_due=clock.now())
    await store.release_source("s", "r1")
    clock.advance(10)  # r2's job fires a little later in the same interval: skipped
    assert not await store.claim_source("s", "r2", clock.now(), 300, min_gap_s=300)
    clock.advance(600)
    assert await store.claim_source("s", "r2", clock.now(), 300, min_gap_s=300)
    # A replica that dies holding the lease: others take over once it expires.
    assert not await store.claim_source("s", "r3", clock.now(), 300)
    clock.advance(301)
    assert await store.claim_source("s", "r3", clock.now(), 300)


async def test_only_the_send_lease_holder_sends(store: Store, clock: FakeClock):
    await subscribe_chat(store, clock, "fake", "a", countries=("IN",))
    await store.add_statement(statement(clock), "id-1", clock.now())
    one, two = ScriptedPlatform(name="fake"), ScriptedPlatform(name="fake")
    k1 = LeaseKeeper(store, clock, "r1", ["send:fake"])
    k2 = LeaseKeeper(store, clock, "r2", ["send:fake"])
    await k1.renew()
    await k2.renew()
    d1 = make_dispatcher(store, clock, {"fake": one}, owner="r1")
    d2 = make_dispatcher(store, clock, {"fake": two}, owner="r2")
    d1._may_send = lambda p: k1.holds(f"send:{p}")
    d2._may_send = lambda p: k2.holds(f"send:{p}")
    assert await d2.drain() == 0
    assert await d1.drain() == 1
    assert len(one.sent) == 1 and two.sent == []


@pytest.mark.postgres
async def test_replicas_starting_together_add_sources_once(pg_url: str) -> None:
    """Two replicas sync the same new sources at the same moment: no unique-key crash."""
    import asyncio

    from bot.store import open_store

    one, two = await open_store(pg_url), await open_store(pg_url)
    try:
        configured = [source(f"s{i}", f"https://m{i}.example/rss") for i in range(20)]
        await asyncio.gather(one.sync_sources(configured), two.sync_sources(configured))
        assert [s.id for s in await one.list_sources()] == sorted(f"s{i}" for i in range(20))
    finally:
        await one.close()
        await two.close()


@pytest.mark.postgres
async def test_the_same_chat_created_at_once_is_one_row(pg_url: str) -> None:
    import asyncio
    from datetime import UTC, datetime

    from bot.models import Chat
    from bot.store import open_store

    one, two = await open_store(pg_url), await open_store(pg_url)
    try:
        now = datetime(2026, 1, 1, tzinfo=UTC)
        chats = await asyncio.gather(
            *(s.ensure_chat(Chat("telegram", "42", "private"), now) for s in (one, two, one, two))
        )
        assert len({c.id for c in chats}) == 1
    finally:
        await one.close()
        await two.close()
