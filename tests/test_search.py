"""Search and /latest order: newest first by publication time, whatever order statements were
stored in (the SQLite search walks the time index with a bound taken from a sample)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.clock import FakeClock
from bot.store import Store
from tests.test_outbox import statement


async def test_search_is_newest_first_even_when_stored_out_of_order(
    any_store: Store, clock: FakeClock
) -> None:
    store = any_store
    base = statement(clock)
    # Stored in this order, published at these day offsets: storing order != time order.
    offsets = [5, 1, 9, 3, 7, 0, 8, 2, 6, 4, 11, 10]
    ids = {}
    for i, day in enumerate(offsets):
        s = replace(
            base,
            text=f"{base.text}\n\nNumber {i}.",
            content_hash=f"h{i}",
            published=clock.now() - timedelta(days=30) + timedelta(days=day),
        )
        stored = await store.add_statement(s, f"id{i}", clock.now())
        assert stored is not None
        ids[stored.statement_id] = day
    expected = sorted(ids, key=lambda sid: -ids[sid])
    for limit, offset in ((3, 0), (5, 0), (4, 4), (12, 0), (20, 0)):
        got = [s.id for s in await store.search(["Malabar"], limit, offset)]
        assert got == expected[offset : offset + limit], (limit, offset)
    got = [s.id for s in await store.latest(["IN", "JP"], ["Malabar"], 4)]
    assert got == expected[:4]
    assert await store.search(["nothing-like-this"], 5) == []
