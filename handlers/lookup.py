"""/latest and /search: the newest stored statements for some countries or words.

Platform-neutral: queries the store and returns the statements as Alerts (the same structure
push alerts use), newest first, with a "More" button that pages on.
"""

from __future__ import annotations

from bot.delivery.render import render_alert
from bot.models import Statement
from handlers.args import clean, describe, parse_filter, small_int
from handlers.core import Button, Reply, Request, Services, button, usage_reply

DEFAULT_N = 5
MAX_N = 20
LATEST_USAGE = "/latest <countries or words> [n], e.g. /latest India Japan 10"
SEARCH_USAGE = "/search <words>, e.g. /search Malabar"


def _page(
    name: str,
    args: str,
    statements: list[Statement],
    n: int,
    offset: int,
    what: str,
    svc: Services,
) -> Reply:
    if not statements:
        more = " more" if offset else ""
        return Reply(f"No{more} statements found for {what}.", visibility="public")
    shown = statements[:n]
    items = tuple(render_alert(s, svc.gazetteer) for s in shown)
    buttons: tuple[Button, ...] = ()
    if len(statements) > n:
        buttons = button("More", f"{name} @{offset + n} {args}")
    first = offset + 1
    return Reply(
        f"Statements {first}–{offset + len(shown)} for {what}, newest first:",
        items=items,
        buttons=buttons,
        visibility="public",
    )


def split_offset(args: str) -> tuple[str, int]:
    """Paging arguments travel as '@<offset> <args>' (from the More button)."""
    if args.startswith("@"):
        head, _, rest = args.partition(" ")
        offset = small_int(head[1:])
        if offset is not None:
            return rest, offset
    return args, 0


async def latest(req: Request, svc: Services) -> Reply:
    """Newest statements involving all the named countries (and words): /latest India Japan [n]."""
    args, offset = split_offset(req.args)
    p = parse_filter(args, svc.gazetteer, allow_count=True)
    if p.bad_types:
        return usage_reply(LATEST_USAGE, "Types are for /subscribe")
    n = p.count if p.count is not None else DEFAULT_N
    if not 1 <= n <= MAX_N:
        return usage_reply(LATEST_USAGE, f"n must be between 1 and {MAX_N}")
    found = await svc.store.latest(p.countries, p.keywords, limit=n + 1, offset=offset)
    return _page("latest", args, found, n, offset, describe(p, svc.gazetteer), svc)


async def search(req: Request, svc: Services) -> Reply:
    """Full-text search over stored statements: /search Malabar."""
    args, offset = split_offset(req.args)
    words = [w for w in clean(args).split() if any(c.isalnum() for c in w)][:8]
    if not words:
        return usage_reply(SEARCH_USAGE, "Give at least one word")
    found = await svc.store.search(words, limit=DEFAULT_N + 1, offset=offset)
    what = "“" + " ".join(words) + "”"
    return _page("search", args, found, DEFAULT_N, offset, what, svc)
