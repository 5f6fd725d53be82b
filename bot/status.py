"""`readout status`: what an operator checks first — sources' health and the delivery queue.

Reads the store only; prints no secret (the database URL is shown without its password).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import make_url

from bot.config import Config
from bot.store import open_store


def _ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    s = int((now - when).total_seconds())
    if s < 0:
        return f"in {-s // 60}m" if -s >= 60 else f"in {-s}s"
    return f"{s // 3600}h ago" if s >= 7200 else (f"{s // 60}m ago" if s >= 60 else f"{s}s ago")


async def check_health(config: Config) -> int:
    """0 when the store answers a query, 1 otherwise (one line on stderr saying why)."""
    import sys

    try:
        store = await open_store(config.database.url)
        try:
            await store.ping()
        finally:
            await store.close()
    except Exception as e:
        print(f"unhealthy: store unreachable: {type(e).__name__}", file=sys.stderr)
        return 1
    return 0


async def print_status(config: Config, console: Console | None = None) -> int:
    """Sources (health, last success, next poll), the outbox by state, the last hour's
    deliveries and the newest failures."""
    from bot.clock import SystemClock

    console = console or Console()
    now = SystemClock().now()
    store = await open_store(config.database.url)
    try:
        url = make_url(config.database.url).render_as_string(hide_password=True)
        console.print(f"Database: {url} ({await store.count_statements()} statements)")
        table = Table("source", "enabled", "last success", "failures", "next poll", "last error")
        for s in await store.list_sources():
            if s.failures and s.next_due:
                next_poll = _ago(s.next_due, now) + " (backing off)"
            elif s.last_attempt_at:
                next_poll = _ago(s.last_attempt_at + timedelta(seconds=s.interval_s), now)
            else:
                next_poll = "at start"
            table.add_row(
                s.id,
                "yes" if s.enabled else "no",
                _ago(s.last_success_at, now),
                str(s.failures),
                next_poll,
                (s.last_error or "")[:80],
            )
        console.print(table)
        depth = await store.queue_depth()
        by_state = ", ".join(f"{k} {v}" for k, v in sorted(depth.items())) or "empty"
        console.print(f"Outbox by state: {by_state}")
        hour = await store.sent_since(now - timedelta(hours=1))
        console.print(f"Last hour: {hour.get('sent', 0)} delivered, {hour.get('failed', 0)} failed")
        for did, chat_id, reason in await store.recent_failures(5):
            console.print(f"  failed delivery {did} to chat {chat_id}: {reason}")
    finally:
        await store.close()
    return 0
