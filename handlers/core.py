"""The chat edge's platform-neutral core: requests in, replies out, and the command table.

A platform module (telegram.py, slack.py, console.py) turns a platform update into a `Request`,
calls `handle`, and renders the `Reply` it gets back. Command functions read and write the store
through `Services` and never touch a platform API. `handle` is the one place that turns an
unexpected error into a polite reply: no chat ever sees a traceback. It is also where the
per-chat command rate limit (`Services.command_limit`, from `commands.per_chat`) is applied, so
every platform gets it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.analysis.gazetteer import Gazetteer
from bot.clock import Clock
from bot.delivery.render import Alert
from bot.models import Chat
from bot.store import Store
from handlers.ratelimit import CommandLimiter

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Request:
    """One command as a person sent it, whatever the platform."""

    chat: Chat  # platform, address, kind, title — not yet stored
    user: str  # the platform's user id
    args: str  # everything after the command name
    thread_id: str | None = None  # Telegram forum topic / Slack thread
    may_manage: bool = True  # the platform's verdict: may this user change this chat's subs?
    user_name: str | None = None


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    action: str  # a command line to run when pressed: "unsubscribe #id12", "quote 42", …
    url: str | None = None


# Telegram's callback_data holds at most 64 bytes; an action longer than that gets no button.
MAX_ACTION_BYTES = 64


def button(label: str, action: str) -> tuple[Button, ...]:
    """A one-button tuple, or none when the action would not fit in a callback."""
    return (Button(label, action),) if len(action.encode()) <= MAX_ACTION_BYTES else ()


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    items: tuple[Alert, ...] = ()
    buttons: tuple[Button, ...] = ()
    visibility: Literal["public", "private"] = "private"  # Slack: in_channel vs ephemeral
    error: bool = False
    quotes: tuple[tuple[str, str], ...] = ()  # (key point line, evidence sentence)


SourceCheck = Callable[[str, str | None], Awaitable[str | None]]


async def _no_check(url: str, selector: str | None) -> str | None:
    return "sources cannot be added in this process"


async def _no_schedule(source_id: str) -> None:
    return None


@dataclass(frozen=True)
class Services:
    """What command functions may use. Built once by the composition root."""

    store: Store
    clock: Clock
    gazetteer: Gazetteer
    admins: frozenset[str] = frozenset()  # "telegram:123", "slack:U0123"
    # Fetch a URL and try to read it as a feed (or, with a selector, a list page): None when
    # it works, else the reason it does not.
    check_source: SourceCheck = _no_check
    schedule_source: Callable[[str], Awaitable[None]] = _no_schedule  # start polling an id
    unschedule_source: Callable[[str], Awaitable[None]] = _no_schedule
    command_limit: CommandLimiter | None = None  # None: no per-chat limit (tests, console)

    def is_admin(self, req: Request) -> bool:
        return f"{req.chat.platform}:{req.user}" in self.admins


Handler = Callable[[Request, Services], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    usage: str  # e.g. "/latest <countries or words> [n]"
    func: Handler
    aliases: tuple[str, ...] = ()
    manages: bool = False  # changes the chat's subscriptions: needs may_manage

    @property
    def summary(self) -> str:
        """The command's one-line description: the first line of its function's docstring."""
        return (self.func.__doc__ or "").strip().splitlines()[0].rstrip(".")


def usage_reply(usage: str, problem: str | None = None) -> Reply:
    lead = f"{problem}. " if problem else ""
    return Reply(f"{lead}Usage: {usage}", error=True)


def find_command(commands: Sequence[Command], name: str) -> Command | None:
    name = name.lower().lstrip("/")
    for c in commands:
        if name == c.name or name in c.aliases:
            return c
    return None


async def handle(commands: Sequence[Command], name: str, req: Request, svc: Services) -> Reply:
    """Run a command by name. Unknown names get a hint; failures get an apology, logged; a chat
    over its command rate gets asked to slow down."""
    if svc.command_limit is not None:
        where = f"{req.chat.platform}:{req.chat.address}"
        now = svc.clock.now().timestamp()
        wait = svc.command_limit.wait(where, now)
        if wait is not None:
            if svc.command_limit.first_refusal(where, now):
                log.info("chat %s: over the command rate; asked to slow down", where)
            return Reply(
                f"Slow down, please: at most {svc.command_limit.describe()} in this chat. "
                f"Try again in {max(int(wait + 0.999), 1)} s.",
                error=True,
            )
    command = find_command(commands, name)
    if command is None:
        return Reply(f"Unknown command /{name[:32]}. Try /help for the list.", error=True)
    if command.manages and not (req.may_manage or svc.is_admin(req)):
        return Reply("Only the chat's administrators can change its subscriptions.", error=True)
    try:
        return await command.func(req, svc)
    except Exception:
        log.exception(
            "command /%s failed in %s:%s", command.name, req.chat.platform, req.chat.address
        )
        return Reply(
            "Sorry, something went wrong on our side. It has been logged; please try again.",
            error=True,
        )
