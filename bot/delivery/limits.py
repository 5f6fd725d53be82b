"""Rate limits: send as fast as a platform allows, and no faster.

Owns the limiter of one platform token. Each rule is a sliding window ("at most N sends in any
W seconds") applied to a key: the whole token, one chat, one group. A send asks for the
earliest moment at which every window that concerns it still has room, and that moment is
reserved at once, so concurrent sends to different chats interleave at the full token rate
while one busy chat waits for its own window only. Telegram's limits (30/s per token, 1/s per
chat, 20/min per group or channel) and Slack's (1/s per channel) are such windows; the numbers
come from config.

`reserve` is pure bookkeeping over an injected "now" (tests drive it with a fake clock);
`pause` stops the whole token (a 429 whose scope is the token) until a moment the platform
named. Sleeping is the caller's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(s|sec|second|m|min|minute|h|hour)\s*$")
_UNIT = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}

# Windows are counted this much (a fraction) wider than the platform's, so that a request that
# reaches the platform a few milliseconds late still lands in the window we counted it in.
SAFETY = 0.03


@dataclass(frozen=True, slots=True)
class Rate:
    limit: int
    window: float  # seconds

    @classmethod
    def parse(cls, text: str) -> Rate:
        """ "30/s", "1/s", "20/min", "3/2s" -> Rate. Raises ValueError."""
        m = _RATE.match(text)
        if not m or int(m.group(1)) < 1:
            raise ValueError(f"{text!r} is not a rate like 30/s or 20/min")
        return cls(int(m.group(1)), float(int(m.group(2) or 1) * _UNIT[m.group(3)]))


class Window:
    """Reservations of one key, sorted; at most `limit` in any span of `window` seconds."""

    def __init__(self, rate: Rate) -> None:
        self.rate = rate
        self.span = rate.window * (1 + SAFETY)
        self.times: list[float] = []

    def prune(self, now: float) -> None:
        cut = bisect.bisect_left(self.times, now - self.span)
        if cut:
            del self.times[:cut]

    def fits(self, t: float) -> bool:
        """Would a send at `t` keep every run of limit+1 sends wider than the window?"""
        n, w = self.rate.limit, self.span
        times = self.times
        i = bisect.bisect_right(times, t)

        def at(k: int) -> float:
            return times[k] if k < i else (t if k == i else times[k - 1])

        total = len(times) + 1
        for start in range(max(i - n, 0), min(i, total - n - 1) + 1):
            if at(start + n) - at(start) < w - 1e-6:  # tolerance: times are ~1e9 s floats
                return False
        return True

    def candidates(self, now: float) -> Iterable[float]:
        """Moments when room may open: each reservation leaving the window."""
        w = self.span
        return (x + w for x in self.times if x + w > now)

    def add(self, t: float) -> None:
        bisect.insort(self.times, t)

    def remove(self, t: float) -> None:
        i = bisect.bisect_left(self.times, t)
        if i < len(self.times) and self.times[i] == t:
            del self.times[i]


class Limiter:
    """The limiter of one platform token."""

    def __init__(
        self,
        per_token: Rate | None = None,
        per_chat: Rate | None = None,
        per_group: Rate | None = None,
    ) -> None:
        # "pace" spreads the token's sends evenly (30/s is one every 33 ms, not 30 at once):
        # no burst for the platform to refuse, and few sends in flight if the process dies.
        pace = Rate(1, per_token.window / per_token.limit) if per_token else None
        self._rates = {"token": per_token, "pace": pace, "chat": per_chat, "group": per_group}
        self._windows: dict[str, Window] = {}
        self._paused_until = 0.0
        self._reserved = 0
        self.pace_gap = pace.window if pace else 0.0

    def keys(self, address: str, is_group: bool) -> list[str]:
        keys: list[str] = []
        if self._rates["token"]:
            keys.extend(("token", "pace"))
        if self._rates["chat"]:
            keys.append(f"chat:{address}")
        if is_group and self._rates["group"]:
            keys.append(f"group:{address}")
        return keys

    def _window(self, key: str) -> Window:
        w = self._windows.get(key)
        if w is None:
            rate = self._rates[key.split(":", 1)[0]]
            assert rate is not None
            w = self._windows[key] = Window(rate)
        return w

    def reserve(self, address: str, is_group: bool, now: float, max_delay: float) -> float | None:
        """Reserve the earliest send moment for this chat; the delay from `now`, or None (and
        nothing reserved) when it is further away than `max_delay`."""
        self._reserved += 1
        if self._reserved % 1000 == 0:
            self.forget_idle(now)
        windows = [self._window(k) for k in self.keys(address, is_group)]
        start = max(now, self._paused_until)
        for w in windows:
            w.prune(now)
        for t in sorted({start, *(c for w in windows for c in w.candidates(start))}):
            if t - now > max_delay:
                return None
            if all(w.fits(t) for w in windows):
                for w in windows:
                    w.add(t)
                return t - now
        return None  # unreachable: the last candidate always fits

    def cancel(self, address: str, is_group: bool, t: float) -> None:
        """Give back a reservation at `t` (its send did not happen then)."""
        for key in self.keys(address, is_group):
            if key in self._windows:
                self._windows[key].remove(t)

    def pause(self, until: float) -> None:
        """The platform said stop for the whole token until `until`."""
        self._paused_until = max(self._paused_until, until)

    def forget_idle(self, now: float) -> None:
        """Drop the windows of chats with nothing reserved (memory stays bounded)."""
        for key in [k for k in self._windows if k not in ("token", "pace")]:
            w = self._windows[key]
            w.prune(now)
            if not w.times:
                del self._windows[key]
