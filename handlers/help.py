"""/help and /start: generated from the commands' own one-line docs. Platform-neutral."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.core import Button, Command, Reply, Request, Services

INTRO = (
    "Readout follows what governments say about security in the Indo-Pacific: ministry "
    "releases, joint statements, readouts of calls and meetings. When a new statement matches "
    "a subscription, this chat gets its key points, each with the sentence it came from."
)

# Subscriptions offered as buttons by /start: common pairs people follow.
START_SUGGESTIONS = ("India Japan", "Philippines China", "US Japan", "Australia Japan")


def help_text(commands: Sequence[Command]) -> str:
    lines = [f"{c.usage} — {c.summary}" for c in commands if c.name != "start"]
    return "Commands:\n" + "\n".join(lines)


def make_help(commands: Sequence[Command]) -> tuple[Command, Command]:
    """The /help and /start commands for a command table (they describe the table itself)."""

    async def help_(req: Request, svc: Services) -> Reply:
        """Show the commands and what they do."""
        return Reply(help_text((*commands, help_command)))

    async def start(req: Request, svc: Services) -> Reply:
        """What Readout does and how to subscribe."""
        buttons = tuple(Button(f"Follow {s}", f"subscribe {s}") for s in START_SUGGESTIONS)
        return Reply(
            f"{INTRO}\n\nSubscribe with, for example, /subscribe India Japan, or pick one "
            "below. /help lists every command.",
            buttons=buttons,
        )

    help_command = Command("help", "/help", help_)
    return help_command, Command("start", "/start", start)
