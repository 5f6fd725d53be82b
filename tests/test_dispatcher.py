"""The dispatcher's answers to each kind of platform error, with an injected clock."""

from __future__ import annotations

import random

from bot.clock import FakeClock
from bot.errors import ChatGone, ChatMigrated, RateLimited, Rejected, Retryable
from bot.store import Store
from tests.fakes.platform import ScriptedPlatform
from tests.helpers import make_dispatcher, subscribe_chat
from tests.test_outbox import statement


async def setup(store: Store, clock: FakeClock, *addresses: str) -> None:
    for a in addresses:
        await subscribe_chat(store, clock, "fake", a, countries=("IN",))
    await store.add_statement(statement(clock), "id-1", clock.now())


async def test_sends_and_records_message_id(store: Store, clock: FakeClock):
    fake = ScriptedPlatform()
    await setup(store, clock, "a", "b")
    d = make_dispatcher(store, clock, {"fake": fake})
    assert await d.drain() == 2
    assert sorted(a for a, _, _ in fake.sent) == ["a", "b"]
    assert await store.queue_depth() == {"sent": 2}


async def test_rate_limit_waits_exactly_and_costs_no_attempt(store: Store, clock: FakeClock):
    fake = ScriptedPlatform()
    fake.script["a"] = [RateLimited(7), RateLimited(7)]
    await setup(store, clock, "a")
    d = make_dispatcher(store, clock, {"fake": fake})
    await d.run_once()
    clock.advance(6.9)
    assert await d.run_once() == 0  # not yet
    clock.advance(0.1)
    assert await d.run_once() == 1
    clock.advance(7)
    await d.run_once()
    assert fake.sent == [("a", 1, None)]
    (row,) = await store.claim_due("check", clock.now(), 1, 1) or [None]
    assert row is None  # sent: nothing left
    async with store._engine.connect() as conn:
        import sqlalchemy as sa

        attempts = (await conn.execute(sa.text("SELECT attempts FROM deliveries"))).scalar_one()
    assert attempts == 0


async def test_transient_errors_back_off_then_give_up_with_reason(store: Store, clock: FakeClock):
    fake = ScriptedPlatform()
    fake.script["a"] = [Retryable("HTTP 502")] * 10
    await setup(store, clock, "a")
    d = make_dispatcher(
        store, clock, {"fake": fake}, max_attempts=3, backoff_base=10, backoff_max=100
    )
    d._rnd = random.Random(1)
    await d.run_once()
    delays = []
    for _ in range(5):
        rows = await store.claim_due("peek", clock.now(), 0.001, 10)
        assert rows == []
        async with store._engine.connect() as conn:
            import sqlalchemy as sa

            due = (await conn.execute(sa.text("SELECT due_at, state FROM deliveries"))).first()
        assert due is not None
        if due[1] != "pending":
            break
        from bot.store.schema import UTCDateTime

        due_at = UTCDateTime().process_result_value(due[0], store._engine.dialect)
        assert due_at is not None
        delays.append((due_at - clock.now()).total_seconds())
        clock.advance(delays[-1] + 0.01)
        await d.run_once()
    assert len(delays) == 2 and 10 <= delays[0] <= 20 and 20 <= delays[1] <= 40
    assert await store.queue_depth() == {"failed": 1}
    assert (await store.recent_failures())[0][2] == "Retryable: HTTP 502"


async def test_chat_gone_deactivates_and_cancels_queue(store: Store, clock: FakeClock):
    fake = ScriptedPlatform()
    fake.script["a"] = [ChatGone("Forbidden: bot was blocked by the user")]
    await subscribe_chat(store, clock, "fake", "a", countries=("IN",))
    await store.add_statement(statement(clock), "id-1", clock.now())
    from tests.conftest import sample

    await store.add_statement(
        statement(clock, str(sample("jimex-2021-jmod")["text"])), "id-2", clock.now()
    )
    d = make_dispatcher(store, clock, {"fake": fake})
    await d.drain()
    assert fake.sent == []
    assert await store.queue_depth() == {"cancelled": 2}
    chat = await store.find_chat("fake", "a")
    assert chat is not None and not chat.active
    # A deactivated chat gets nothing new.
    stored = await store.add_statement(statement(clock, source_id="x"), "id-3", clock.now())
    assert stored is not None and stored.queued == 0


async def test_migrated_chat_moves_and_retries(store: Store, clock: FakeClock):
    fake = ScriptedPlatform()
    fake.script["-100"] = [ChatMigrated("-100200")]
    await setup(store, clock, "-100")
    d = make_dispatcher(store, clock, {"fake": fake})
    await d.drain()
    assert fake.sent == [("-100200", 1, None)]
    assert await store.find_chat("fake", "-100") is None
    moved = await store.find_chat("fake", "-100200")
    assert moved is not None and len(await store.list_subscriptions(moved.id or 0)) == 1


async def test_rejected_message_fails_at_once(store: Store, clock: FakeClock):
    fake = ScriptedPlatform()
    fake.script["a"] = [Rejected("Bad Request: message is too long")]
    await setup(store, clock, "a")
    d = make_dispatcher(store, clock, {"fake": fake})
    await d.drain()
    assert await store.queue_depth() == {"failed": 1}


async def test_a_bug_in_a_platform_is_retried_not_fatal(store: Store, clock: FakeClock):
    fake = ScriptedPlatform()
    fake.script["a"] = [KeyError("oops")]
    await setup(store, clock, "a", "b")
    d = make_dispatcher(store, clock, {"fake": fake})
    await d.drain()
    assert [a for a, _, _ in fake.sent] == ["b"]
    clock.advance(3600)
    await d.drain()
    assert sorted(a for a, _, _ in fake.sent) == ["a", "b"]


async def test_release_returns_in_flight_rows(store: Store, clock: FakeClock):
    await setup(store, clock, "a")
    d = make_dispatcher(store, clock, {"fake": ScriptedPlatform()})
    rows = await store.claim_due(d.owner, clock.now(), 60, 10)
    assert len(rows) == 1
    assert await store.release(d.owner) == 1
    assert await store.queue_depth() == {"pending": 1}


async def test_stop_finishes_sends_and_releases_waiting_rows(store: Store, clock: FakeClock):
    """On SIGTERM the loop stops: a send under way completes and is marked; a delivery still
    waiting for its rate-limit slot gives its row back (pending), nothing is lost."""
    import asyncio

    from bot.delivery.limits import Limiter, Rate
    from bot.models import Chat

    release_send = asyncio.Event()
    sending = asyncio.Event()

    class Slow(ScriptedPlatform):
        async def send_alert(self, chat: Chat, alert, thread_id):  # type: ignore[no-untyped-def]
            sending.set()
            await release_send.wait()
            return await super().send_alert(chat, alert, thread_id)

    slow = Slow(name="fake")
    await setup(store, clock, "a", "b")
    d = make_dispatcher(store, clock, {"fake": slow}, lease=600)
    d._limiters = {"fake": Limiter(Rate(1, 60), None, None)}  # the second send waits a minute
    stop = asyncio.Event()
    loop = asyncio.create_task(d.run(stop))
    await asyncio.wait_for(sending.wait(), 10)
    stop.set()
    release_send.set()
    await asyncio.wait_for(loop, 10)
    assert len(slow.sent) == 1
    assert await store.queue_depth() == {"sent": 1, "pending": 1}
