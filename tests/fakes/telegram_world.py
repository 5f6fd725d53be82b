"""What the fake Telegram records (`Sent`) and the faults and flood limits a test can script
(`Fault`, `ApiError`, `Limits`). Specs: https://core.telegram.org/bots/api#making-requests and
https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# ---------------------------------------------------------------------------------------------
# What the fake records, and the faults a test can script.


@dataclass
class Sent:
    chat_id: int
    message_id: int
    text: str  # as the bot sent it (HTML source when parse_mode is HTML)
    plain: str  # as a reader sees it
    parse_mode: str | None
    thread_id: int | None
    reply_markup: dict[str, Any] | None
    link_preview_options: dict[str, Any] | None
    entities: list[dict[str, Any]]
    reply_to: int | None = None
    edits: int = 0

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data or url) of every inline button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data") or b.get("url", "")) for r in rows for b in r]


@dataclass
class Fault:
    status: int
    description: str
    parameters: dict[str, Any] | None = None
    sticky: bool = False  # every later call fails the same way (a blocked chat stays blocked)

    @classmethod
    def blocked(cls) -> Fault:
        return cls(403, "Forbidden: bot was blocked by the user", sticky=True)

    @classmethod
    def kicked(cls, kind: str = "supergroup") -> Fault:
        return cls(403, f"Forbidden: bot was kicked from the {kind} chat", sticky=True)

    @classmethod
    def chat_not_found(cls) -> Fault:
        return cls(400, "Bad Request: chat not found", sticky=True)

    @classmethod
    def migrated(cls, new_chat_id: int) -> Fault:
        return cls(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            {"migrate_to_chat_id": new_chat_id},
            sticky=True,
        )

    @classmethod
    def flood(cls, retry_after: int) -> Fault:
        return cls(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )

    @classmethod
    def server_error(cls) -> Fault:
        return cls(500, "Internal Server Error")

    @classmethod
    def cant_parse(cls) -> Fault:
        return cls(
            400,
            'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0',
        )


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters

    @classmethod
    def of(cls, fault: Fault) -> ApiError:
        return cls(fault.status, fault.description, fault.parameters)


@dataclass
class Limits:
    """Telegram's published flood limits (https://core.telegram.org/bots/faq#my-bot-is-hitting-
    limits-how-do-i-avoid-this). `now` is injectable; `enabled=False` turns them off."""

    per_token: int = 30  # messages per second, all chats together
    chat_burst: int = 3  # a chat may take this many at once, then 1 per second
    per_group: int = 20  # messages per minute in a group, supergroup or channel
    enabled: bool = True
    now: Callable[[], float] = time.monotonic
    _token: deque[float] = field(default_factory=deque)
    _chats: dict[int, tuple[float, float]] = field(default_factory=dict)  # tokens, at
    _groups: dict[int, deque[float]] = field(default_factory=dict)

    def check(self, chat_id: int, is_group: bool) -> None:
        """Count one message, or raise 429 with the seconds until it would have fitted."""
        if not self.enabled:
            return
        t = self.now()
        while self._token and self._token[0] <= t - 1.0:
            self._token.popleft()
        waits = []
        if len(self._token) >= self.per_token:
            waits.append(self._token[0] + 1.0 - t)
        tokens, last = self._chats.get(chat_id, (float(self.chat_burst), t))
        tokens = min(float(self.chat_burst), tokens + (t - last))
        if tokens < 1.0:
            waits.append(1.0 - tokens)
        group = self._groups.setdefault(chat_id, deque()) if is_group else None
        if group is not None:
            while group and group[0] <= t - 60.0:
                group.popleft()
            if len(group) >= self.per_group:
                waits.append(group[0] + 60.0 - t)
        if waits:
            after = max(1, math.ceil(max(waits)))
            raise ApiError(429, f"Too Many Requests: retry after {after}", {"retry_after": after})
        self._token.append(t)
        self._chats[chat_id] = (tokens - 1.0, t)
        if group is not None:
            group.append(t)
