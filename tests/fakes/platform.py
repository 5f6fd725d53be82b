"""A scripted chat platform for dispatcher tests: implements the core's Platform protocol at
the IO seam, records what it was asked to send, and raises the errors a test scripts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bot.delivery.render import Alert
from bot.models import Chat


@dataclass
class ScriptedPlatform:
    name: str = "fake"
    sent: list[tuple[str, int, str | None]] = field(default_factory=list)  # (address, stmt, thread)
    edits: list[tuple[str, str]] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)  # what was sent, then edited, in order
    # address -> errors to raise on the next sends, in order
    script: defaultdict[str, list[Exception]] = field(default_factory=lambda: defaultdict(list))

    async def send_alert(self, chat: Chat, alert: Alert, thread_id: str | None) -> str:
        queue = self.script[chat.address]
        if queue:
            raise queue.pop(0)
        self.sent.append((chat.address, alert.statement_id, thread_id))
        self.alerts.append(alert)
        return f"m{len(self.sent)}"

    async def edit_alert(self, chat: Chat, message_id: str, alert: Alert) -> None:
        self.edits.append((chat.address, message_id))
        self.alerts.append(alert)
