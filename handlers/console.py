"""The console channel: alerts and replies printed to the terminal with rich.

It is what `readout run` uses when no chat platform is configured, and what the demo shows.
Implements the core's Platform protocol (send_alert / edit_alert) and renders command Replies.
Every untrusted string goes through `rich.markup.escape` or is passed as plain Text, so a feed
cannot style or hide terminal output.
"""

from __future__ import annotations

import itertools

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from bot.delivery.render import Alert
from bot.models import Chat
from handlers.core import Reply

PLATFORM = "console"
ADDRESS = "console"

_MODALITY = {"future": " (planned)", "negated": " (not)", "hypothetical": " (if)"}


def console_chat() -> Chat:
    return Chat(platform=PLATFORM, address=ADDRESS, kind="console", title="terminal")


def alert_body(alert: Alert, compact: bool = False) -> Group:
    """An alert as rich renderables: header line, key points, regions, link."""
    parts: list[Text] = []
    meta = " · ".join(x for x in (alert.date, alert.source) if x)
    parts.append(Text(meta, style="dim"))
    if alert.title and alert.title != alert.headline and not compact:
        parts.append(Text(alert.title, style="italic"))
    for p in alert.points:
        line = Text("• ", style="cyan")
        line.append(p.line + _MODALITY.get(p.modality, ""))
        parts.append(line)
        if not compact:
            parts.append(Text(f"    “{p.evidence}”", style="dim"))
    if alert.more_points:
        parts.append(Text(f"  … and {alert.more_points} more key points", style="dim"))
    if alert.regions:
        parts.append(Text("Regions: " + ", ".join(alert.regions), style="green"))
    if alert.also_reported:
        parts.append(Text("Also reported by: " + ", ".join(alert.also_reported), style="dim"))
    if alert.url:
        parts.append(Text(alert.url, style="blue underline"))
    return Group(*parts)


class ConsolePlatform:
    """Prints alerts. Never rate limited, never gone."""

    name = PLATFORM

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console()
        self._ids = itertools.count(1)

    async def send_alert(self, chat: Chat, alert: Alert, thread_id: str | None) -> str:
        self.console.print(
            Panel(
                alert_body(alert),
                title=Text(alert.headline, style="bold"),
                title_align="left",
                border_style="yellow",
                subtitle=Text(f"statement {alert.statement_id}", style="dim"),
                subtitle_align="right",
            )
        )
        return f"console-{next(self._ids)}"

    async def edit_alert(self, chat: Chat, message_id: str, alert: Alert) -> None:
        self.console.print(Text(f"(update to {message_id})", style="dim"))
        await self.send_alert(chat, alert, None)

    def print_reply(self, command_line: str, reply: Reply) -> None:
        """A command's reply, as a chat would show it."""
        self.console.print(Text(f"> {command_line}", style="bold magenta"))
        self.console.print(Text(reply.text, style="red" if reply.error else ""))
        for i, item in enumerate(reply.items, 1):
            head = Text(f"{i}. ", style="bold")
            head.append(item.headline, style="bold")
            self.console.print(head)
            self.console.print(alert_body(item, compact=True))
        for q_line, q_evidence in reply.quotes:
            self.console.print(Text(f"• {q_line}"))
            self.console.print(Text(f"    “{q_evidence}”", style="dim"))
        if reply.buttons:
            self.console.print(Text("  ".join(f"[{b.label}]" for b in reply.buttons), style="dim"))
