"""The chat edge. Platform-neutral command functions live in the modules named after what
they do (subscribe.py, lookup.py, quote.py, sources.py, digest.py, help.py); each platform module (console.py, and later
telegram.py, slack.py) is the only importer of its SDK and adapts requests and replies.

`COMMANDS` is the command table every platform serves.
"""

from __future__ import annotations

from handlers.core import Command
from handlers.digest import DIGEST_USAGE, digest
from handlers.help import make_help
from handlers.lookup import LATEST_USAGE, SEARCH_USAGE, latest, search
from handlers.quote import QUOTE_USAGE, quote
from handlers.sources import ADD_USAGE, REMOVE_USAGE, addsource, removesource, sources
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
    Command("quote", QUOTE_USAGE, quote),
    Command("sources", "/sources", sources),
    Command("digest", DIGEST_USAGE, digest, manages=True),
    Command("addsource", ADD_USAGE, addsource),
    Command("removesource", REMOVE_USAGE, removesource),
)
COMMANDS: tuple[Command, ...] = (*make_help(_BASE), *_BASE)

__all__ = ["COMMANDS"]
