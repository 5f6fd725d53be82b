"""The chat edge. Platform-neutral command functions live in the modules named after what
they do (subscribe.py, lookup.py, help.py); each platform module (console.py, and later
telegram.py, slack.py) is the only importer of its SDK and adapts requests and replies.

`COMMANDS` is the command table every platform serves.
"""

from __future__ import annotations

from handlers.core import Command
from handlers.help import make_help
from handlers.lookup import LATEST_USAGE, SEARCH_USAGE, latest, search
from handlers.subscribe import (
    SUBSCRIBE_USAGE,
    UNSUBSCRIBE_USAGE,
    subscribe,
    subscriptions,
    unsubscribe,
)

_BASE = (
    Command("subscribe", SUBSCRIBE_USAGE, subscribe, aliases=("sub",), manages=True),
    Command("unsubscribe", UNSUBSCRIBE_USAGE, unsubscribe, aliases=("unsub",), manages=True),
    Command("subscriptions", "/subscriptions", subscriptions, aliases=("list",)),
    Command("latest", LATEST_USAGE, latest),
    Command("search", SEARCH_USAGE, search),
)
COMMANDS: tuple[Command, ...] = (*make_help(_BASE), *_BASE)

__all__ = ["COMMANDS"]
