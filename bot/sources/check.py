"""Checking a URL before it becomes a source (/addsource): reachable, and readable as a feed
or, with a selector, as a list page with at least one link. Uses the guarded Fetcher."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.errors import FetchError
from bot.sources.fetch import Fetcher
from bot.sources.parse import parse_entries


def source_checker(fetcher: Fetcher) -> Callable[[str, str | None], Awaitable[str | None]]:
    """An async (url, selector) -> None | reason, for `Services.check_source`."""

    async def check(url: str, selector: str | None) -> str | None:
        try:
            fetched = await fetcher.fetch(url)
            entries = parse_entries(fetched, "html" if selector else "rss", selector)
        except FetchError as e:
            return str(e)
        if selector and not entries:
            return f"the selector {selector!r} matches no links on that page"
        return None

    return check
