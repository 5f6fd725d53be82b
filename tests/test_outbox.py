"""The transactional outbox: a statement and its deliveries exist together or not at all;
claims are leased, one per chat, in order; (chat, event, kind) is unique."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from bot.analysis import analyse
from bot.clock import FakeClock
from bot.models import Statement, content_hash
from bot.store import Store
from tests.conftest import sample
from tests.helpers import subscribe_chat

ANI = sample("in-jp-dm-call-2020-12-ani")


def statement(clock: FakeClock, text: str = str(ANI["text"]), source_id: str = "m") -> Statement:
    return Statement(
        source_id,
        "https://m.example/1",
        "Call",
        None,
        clock.now(),
        text,
        analyse(text),
        content_hash(text),
    )


async def count(store: Store, table: str) -> int:
    async with store._engine.connect() as conn:
        return int((await conn.execute(sa.text(f"SELECT count(*) FROM {table}"))).scalar_one())


async def fail_inserts_into(store: Store, table: str) -> None:
    """A real database fault in the middle of the transaction: a trigger that aborts."""
    async with store._engine.begin() as conn:
        await conn.execute(
            sa.text(
                f"CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
            )
        )


@pytest.mark.parametrize("table", ["deliveries", "entries", "statement_countries"])
async def test_no_statement_without_its_deliveries(
    sqlite_store: Store, clock: FakeClock, table: str
):
    store = sqlite_store
    await subscribe_chat(store, clock, "console", "a", countries=("IN", "JP"))
    await fail_inserts_into(store, table)
    with pytest.raises(sa.exc.DBAPIError, match="injected fault"):
        await store.add_statement(statement(clock), "id-1", clock.now())
    for t in ("statements", "events", "entries", "deliveries", "statement_countries"):
        assert await count(store, t) == 0, t


async def test_no_deliveries_without_their_statement(any_store: Store, clock: FakeClock):
    store = any_store
    a = await subscribe_chat(store, clock, "console", "a", countries=("IN", "JP"))
    b = await subscribe_chat(store, clock, "console", "b", countries=("IN",))
    await subscribe_chat(store, clock, "console", "c", countries=("KR",))
    stored = await store.add_statement(statement(clock), "id-1", clock.now())
    assert stored is not None and stored.queued == 2
    async with store._engine.connect() as conn:
        orphans = (
            await conn.execute(
                sa.text(
                    "SELECT count(*) FROM deliveries d LEFT JOIN statements s ON s.id = d.statement_id "
                    "WHERE s.id IS NULL"
                )
            )
        ).scalar_one()
    assert orphans == 0
    rows = await store.claim_due("w", clock.now(), 60, 10)
    assert sorted(r.chat_id for r in rows) == sorted([a.id, b.id])


async def test_one_alert_per_chat_and_event(any_store: Store, clock: FakeClock):
    store = any_store
    chat = await subscribe_chat(store, clock, "console", "a", countries=("IN",))
    assert chat.id is not None
    from bot.models import Subscription

    await store.add_subscription(Subscription(chat_id=chat.id, keywords=("Malabar",)), clock.now())
    first = await store.add_statement(statement(clock), "id-1", clock.now())
    # The same text from another source: same event, no second alert to the same chat.
    second = await store.add_statement(statement(clock, source_id="wire"), "id-2", clock.now())
    assert first is not None and second is not None
    assert first.queued == 1 and second.queued == 0 and second.event_id == first.event_id
    assert await store.add_statement(statement(clock), "id-1", clock.now()) is None


async def test_claims_are_leased_one_per_chat_in_order(any_store: Store, clock: FakeClock):
    store = any_store
    chat = await subscribe_chat(store, clock, "console", "a")
    other = await subscribe_chat(store, clock, "console", "b", countries=("AU",))
    texts = [
        str(sample(s)["text"])
        for s in ("in-jp-dm-call-2020-12-ani", "jimex-2021-jmod", "au-jp-speech-2022-12-marles")
    ]
    for i, t in enumerate(texts):
        await store.add_statement(statement(clock, t), f"id-{i}", clock.now())
    batch = await store.claim_due("w1", clock.now(), 60, 10)
    assert [r.chat_id for r in batch] == [chat.id, other.id]  # one each: the head of each queue
    assert await store.claim_due("w2", clock.now(), 60, 10) == []  # leased: nobody else gets them
    head = batch[0]
    assert await store.mark_sent(head.id, "w1", "m-1", clock.now())
    assert not await store.mark_sent(head.id, "w2", "m-x", clock.now())  # not w2's lease
    nxt = await store.claim_due("w2", clock.now(), 60, 10)
    assert [r.chat_id for r in nxt] == [chat.id] and nxt[0].id > head.id
    # A crashed worker's lease expires and the row is claimed again.
    clock.advance(61)
    again = await store.claim_due("w3", clock.now(), 60, 10)
    assert {r.id for r in again} == {nxt[0].id, batch[1].id}


async def test_retry_keeps_order_within_chat(store: Store, clock: FakeClock):
    chat = await subscribe_chat(store, clock, "console", "a")
    for i, sid in enumerate(("in-jp-dm-call-2020-12-ani", "jimex-2021-jmod")):
        await store.add_statement(statement(clock, str(sample(sid)["text"])), f"i{i}", clock.now())
    (first,) = await store.claim_due("w", clock.now(), 60, 10)
    await store.mark_retry(first.id, "w", "timeout", clock.now() + timedelta(seconds=30), True)
    # The second alert waits behind the first, which is backing off.
    assert await store.claim_due("w", clock.now(), 60, 10) == []
    clock.advance(31)
    (again,) = await store.claim_due("w", clock.now(), 60, 10)
    assert again.id == first.id and again.attempts == 1 and again.chat_id == chat.id
