"""The per-chat command rate limit: at most N commands in any window per chat (`commands.per_chat`,
20/min by default), so that one chat (or a script in it) cannot keep the store and the bot busy
for everyone else. Pure bookkeeping over an injected "now"; `handle` asks before running a
command and answers "slow down" when there is no room. Refused commands are not counted, so a
chat that keeps trying gets through as soon as its window has room again.
"""

from __future__ import annotations

from collections import deque

from bot.delivery.limits import Rate

# Chats remembered at most; beyond this, the idle ones are forgotten (memory stays bounded).
MAX_CHATS = 10_000


class CommandLimiter:
    def __init__(self, rate: Rate) -> None:
        self.rate = rate
        self._times: dict[str, deque[float]] = {}
        self._told: dict[str, float] = {}  # when a chat was last told to slow down

    def wait(self, chat: str, now: float) -> float | None:
        """None (and the command counted) when `chat` may run a command at `now`, else the
        seconds until it may."""
        times = self._times.get(chat)
        if times is None:
            if len(self._times) >= MAX_CHATS:
                self._forget_idle(now)
            times = self._times[chat] = deque()
        while times and times[0] <= now - self.rate.window:
            times.popleft()
        if len(times) < self.rate.limit:
            times.append(now)
            return None
        return max(times[0] + self.rate.window - now, 0.0)

    def first_refusal(self, chat: str, now: float) -> bool:
        """True once per window of refusals: log that one, not every refused command."""
        told = self._told.get(chat)
        if told is not None and now - told < self.rate.window:
            return False
        self._told[chat] = now
        return True

    def _forget_idle(self, now: float) -> None:
        for chat in [c for c, t in self._times.items() if not t or t[-1] <= now - self.rate.window]:
            del self._times[chat]
            self._told.pop(chat, None)

    def describe(self) -> str:
        """'20 commands a minute', '5 commands every 10 seconds'."""
        n, w = self.rate.limit, self.rate.window
        per = (
            {1: "a second", 60: "a minute", 3600: "an hour"}.get(int(w)) if w.is_integer() else None
        )
        return f"{n} command{'s' if n != 1 else ''} {per or f'every {w:g} seconds'}"


def command_limiter(per_chat: str | None) -> CommandLimiter | None:
    """The limiter `commands.per_chat` asks for ("20/min"), or None when it is off."""
    return CommandLimiter(Rate.parse(per_chat)) if per_chat else None
