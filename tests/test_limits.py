"""Rate-limit windows: as fast as the limit, never faster, with a fake clock."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.delivery.limits import SAFETY, Limiter, Rate
from bot.store import Store
from tests.fakes.platform import ScriptedPlatform
from tests.helpers import make_dispatcher, subscribe_chat
from tests.test_outbox import statement


def max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    best, j = 0, 0
    for i, t in enumerate(times):
        while times[j] <= t - window:
            j += 1
        best = max(best, i - j + 1)
    return best


@pytest.mark.parametrize(
    ("text", "rate"),
    [("30/s", Rate(30, 1)), ("20/min", Rate(20, 60)), ("1/s", Rate(1, 1)), ("3/2s", Rate(3, 2))],
)
def test_rate_parse(text: str, rate: Rate) -> None:
    assert Rate.parse(text) == rate


def test_token_rate_is_reached_not_exceeded() -> None:
    lim = Limiter(Rate(30, 1), Rate(1, 1), Rate(20, 60))
    times = [lim.reserve(f"chat{i}", False, 0.0, 1e9) for i in range(300)]
    assert all(t is not None for t in times)
    sends = [t for t in times if t is not None]
    assert max_in_window(sends, 1.0) == 30
    # 300 messages at 30/s, evenly paced: the last goes out 10 s in (the limit, not below it).
    assert max(sends) == pytest.approx(299 / 30 * (1 + SAFETY))
    gaps = [b - a for a, b in zip(sorted(sends), sorted(sends)[1:], strict=False)]
    assert min(gaps) == pytest.approx(1 / 30 * (1 + SAFETY))  # no bursts


def test_chat_and_group_windows() -> None:
    lim = Limiter(Rate(30, 1), Rate(1, 1), Rate(20, 60))
    one_chat = [lim.reserve("c", False, 0.0, 1e9) for _ in range(5)]
    assert one_chat == pytest.approx(
        [0, 1 + SAFETY, 2 * (1 + SAFETY), 3 * (1 + SAFETY), 4 * (1 + SAFETY)]
    )
    group = [lim.reserve("g", True, 0.0, 1e9) for _ in range(21)]
    assert group[19] is not None and group[19] < 60  # 20 within the minute …
    assert group[20] is not None and group[20] >= 60 * (1 + SAFETY)  # … the 21st after it
    # A busy chat does not hold up others: another chat goes in the next paced slot.
    other = lim.reserve("other", False, 0.0, 1e9)
    assert other is not None and other < 0.1


def test_max_delay_reserves_nothing_and_pause() -> None:
    lim = Limiter(None, Rate(1, 1), None)
    assert lim.reserve("c", False, 0.0, 10) == 0.0
    assert lim.reserve("c", False, 0.0, 0.5) is None  # would wait ~1 s
    assert lim.reserve("c", False, 0.0, 10) == pytest.approx(1 + SAFETY)  # slot still free
    lim.pause(100.0)
    assert lim.reserve("d", False, 0.0, 1000) == 100.0


async def test_dispatcher_paces_fan_out_at_the_token_rate(store: Store, clock: FakeClock):
    """90 chats at 30/s: the dispatcher's waits put 30 sends in each second, three seconds in
    all (the fake clock stands still; the waits it asks for are the schedule)."""
    for i in range(90):
        await subscribe_chat(store, clock, "telegram", f"u{i}", countries=("IN",))
    await store.add_statement(statement(clock), "id-1", clock.now())
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    fake = ScriptedPlatform(name="telegram")
    d = make_dispatcher(store, clock, {"telegram": fake}, batch=100, lease=600)
    d._sleep = sleep
    await d.drain()
    assert len(fake.sent) == 90
    schedule = [0.0] * (90 - len(waits)) + waits
    assert max_in_window(schedule, 1.0) == 30
    assert max(schedule) == pytest.approx(89 / 30 * (1 + SAFETY), abs=1e-4)  # paced, ~3 s


def test_cancelled_slot_is_free_again_and_idle_chats_are_forgotten() -> None:
    lim = Limiter(Rate(30, 1), Rate(1, 1), None)
    first = lim.reserve("c", False, 0.0, 10)
    assert first == 0.0
    assert lim.reserve("c", False, 0.0, 10) == pytest.approx(1 + SAFETY)
    lim.cancel("c", False, 1 + SAFETY)  # that send did not happen then
    assert lim.reserve("c", False, 0.0, 10) == pytest.approx(1 + SAFETY)  # the same slot again
    for i in range(50):
        lim.reserve(f"chat{i}", False, 0.0, 100)
    lim.forget_idle(1000.0)
    assert set(lim._windows) <= {"token", "pace"}  # memory stays bounded
