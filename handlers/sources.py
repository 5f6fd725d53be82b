"""/sources, /addsource and /removesource: what Readout watches, and its health.

Platform-neutral. Adding a source checks it first (through `Services.check_source`, which
fetches it with the same guarded fetcher the pipeline uses) and only bot admins may add or
remove sources.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from bot.config import SourceConfig
from bot.store import SourceState
from handlers.args import clean
from handlers.core import Reply, Request, Services, usage_reply

ADD_USAGE = "/addsource <url> [name] [selector:<css>] — e.g. /addsource https://example.gov/rss.xml"
REMOVE_USAGE = "/removesource <id> (ids from /sources)"
MAX_LISTED = 40


def _ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    minutes = int((now - when).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 120:
        return f"{minutes}m ago"
    hours = minutes // 60
    return f"{hours}h ago" if hours < 48 else f"{hours // 24}d ago"


def health_line(s: SourceState, now: datetime) -> str:
    if not s.enabled:
        return f"⏸ {s.id} — {s.name}: removed"
    if s.failures:
        return (
            f"✗ {s.id} — {s.name}: failing ({s.failures} in a row, last success "
            f"{_ago(s.last_success_at, now)}): {(s.last_error or '')[:120]}"
        )
    if s.last_success_at is None:
        return f"… {s.id} — {s.name}: not polled yet"
    return f"✓ {s.id} — {s.name}: last success {_ago(s.last_success_at, now)}"


async def sources(req: Request, svc: Services) -> Reply:
    """The sources Readout watches and their health."""
    now = svc.clock.now()
    listed = await svc.store.list_sources()
    if not listed:
        return Reply("No sources are configured.")
    enabled = [s for s in listed if s.enabled]
    failing = sum(1 for s in enabled if s.failures)
    lines = [health_line(s, now) for s in enabled[:MAX_LISTED]]
    more = f"\n… and {len(enabled) - MAX_LISTED} more" if len(enabled) > MAX_LISTED else ""
    return Reply(
        f"{len(enabled)} sources, {failing} failing:\n" + "\n".join(lines) + more,
        visibility="public",
    )


def _source_id(url: str, taken: set[str]) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "source").removeprefix("www.")
    base = re.sub(r"[^a-z0-9]+", "-", (host + parts.path).lower()).strip("-")[:48] or "source"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


async def addsource(req: Request, svc: Services) -> Reply:
    """Add a feed or list page to watch (bot admins only)."""
    if not svc.is_admin(req):
        return Reply("Only Readout's admins can add sources.", error=True)
    args = clean(req.args)
    selector = None
    m = re.search(r"\bselector:(\S.*)$", args)
    if m:
        selector, args = m.group(1).strip(), args[: m.start()].strip()
    url, _, name = args.partition(" ")
    if not url:
        return usage_reply(ADD_USAGE)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return usage_reply(ADD_USAGE, "The URL must start with http:// or https://")
    problem = await svc.check_source(url, selector)
    if problem:
        return Reply(f"Not added: {problem}", error=True)
    taken = {s.id for s in await svc.store.list_sources()}
    if any(s.url == url for s in await svc.store.list_sources(enabled_only=True)):
        return Reply("That URL is already watched; /sources lists it.", error=True)
    cfg = SourceConfig.model_validate(
        {
            "id": _source_id(url, taken),
            "name": name.strip() or parts.hostname,
            "url": url,
            "kind": "html" if selector else "rss",
            "selector": selector,
        }
    )
    await svc.store.add_source(cfg, added_by=f"{req.chat.platform}:{req.user}")
    await svc.schedule_source(cfg.id)
    return Reply(
        f"Added source {cfg.id} ({cfg.name}), polled every {int(cfg.interval // 60)} minutes. "
        "What it already lists is recorded without alerts; new statements will be analysed."
    )


async def removesource(req: Request, svc: Services) -> Reply:
    """Stop watching a source (bot admins only)."""
    if not svc.is_admin(req):
        return Reply("Only Readout's admins can remove sources.", error=True)
    source_id = clean(req.args).split(" ")[0] if req.args.strip() else ""
    if not source_id:
        return usage_reply(REMOVE_USAGE)
    if not await svc.store.remove_source(source_id):
        return Reply(f"No source {source_id[:64]!r}; /sources lists them.", error=True)
    await svc.unschedule_source(source_id)
    return Reply(f"Removed source {source_id}. Its statements stay searchable.")
