"""Daily digests: nothing pushed to a chat in digest mode; one message at its time in its time
zone, grouped by country pair, most significant first."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.delivery.daily import DigestJob
from bot.delivery.digest import last_boundary
from bot.store import Store
from tests.conftest import sample
from tests.fakes.platform import ScriptedPlatform
from tests.helpers import make_dispatcher, run_command
from tests.test_outbox import statement


def test_last_boundary_in_time_zone() -> None:
    now = datetime(2026, 3, 1, 0, 30, tzinfo=UTC)  # 09:30 in Tokyo
    assert last_boundary(now, "08:00", "Asia/Tokyo") == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
    assert last_boundary(now, "10:00", "Asia/Tokyo") == datetime(2026, 2, 28, 1, 0, tzinfo=UTC)
    assert last_boundary(now, "00:30", "UTC") == now


async def test_digest_mode_holds_then_sends_one_message(store: Store, clock: FakeClock) -> None:
    # 09:00 UTC = 18:00 in Tokyo on 2026-03-01
    from bot.models import Chat

    chat = Chat("fake", "desk", "private")
    await run_command(store, clock, "/subscribe India", chat=chat)
    await run_command(store, clock, "/digest 19:00 Asia/Tokyo", chat=chat)
    await run_command(store, clock, "/subscribe Australia", chat=chat)  # inherits digest mode
    push_chat = Chat("fake", "pusher", "private")
    await run_command(store, clock, "/subscribe India", chat=push_chat)
    fake = ScriptedPlatform(name="fake")
    d = make_dispatcher(store, clock, {"fake": fake})
    job = DigestJob(store, clock)
    await job.run()  # the 19:00 of yesterday has passed: marks the period, nothing held yet

    for i, sid in enumerate(
        ["in-jp-dm-call-2020-12-ani", "jimex-2021-jmod", "au-jp-speech-2022-12-marles"]
    ):
        clock.advance(60)
        s = statement(clock, str(sample(sid)["text"]), source_id=f"s{i}")
        await store.add_statement(s, f"i{i}", clock.now())
    await d.drain()
    assert {a for a, _, _ in fake.sent} == {"pusher"}  # nothing pushed to the digest chat

    assert await job.run() == 0  # 18:03 in Tokyo: not yet
    clock.advance(3600)  # past 19:00 Tokyo
    assert await job.run() == 1
    assert await job.run() == 0  # once per day
    await d.drain()
    digests = [a for a in fake.alerts if a.source == "Readout"]
    assert len(digests) == 1
    digest = digests[0]
    assert digest.headline.startswith("Readout daily digest, 2026-03-01: 3 statements")
    lines = [p.line for p in digest.points]
    assert len(lines) == 3
    # Most significant first: the status-quo statement leads.
    assert lines[0].startswith("India–Japan") and digest.points[0].type == "status_quo"
    assert any(line.startswith("Australia") for line in lines)


async def test_two_replicas_make_one_digest(store: Store, clock: FakeClock) -> None:
    """Both replicas run the digest job; the period is claimed once."""
    from bot.models import Chat

    chat = Chat("fake", "desk", "private")
    await run_command(store, clock, "/subscribe India", chat=chat)
    await run_command(store, clock, "/digest 09:30 UTC", chat=chat)
    s = statement(clock)
    await store.add_statement(s, "i1", clock.now())
    clock.advance(3600)
    (due,) = await store.digest_chats()
    boundary = last_boundary(clock.now(), due.at, due.timezone)
    # Both replicas read the chat before either made the digest.
    first = await store.make_digest(due, boundary, clock.now())
    second = await store.make_digest(due, boundary, clock.now())
    assert first is not None and second is None
    assert (await store.queue_depth()).get("pending") == 1
