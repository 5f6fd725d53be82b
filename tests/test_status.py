"""`readout status` and `readout health` as an operator runs them."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from bot.clock import SystemClock
from bot.config import parse_config
from bot.status import check_health, print_status
from bot.store import open_store
from tests.helpers import source


async def test_status_shows_sources_queue_and_failures(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    store = await open_store(url)
    now = SystemClock().now()
    await store.sync_sources(
        [source("ok", "https://a.example/rss"), source("bad", "https://b.example/rss")]
    )
    await store.record_poll("ok", now=now, next_due=now)
    await store.record_poll("bad", now=now, next_due=now, error="HTTP 503 from b")
    await store.close()
    out = io.StringIO()
    config = parse_config("database:\n  url: postgresql://u:secret@h/db\n", env={})
    config = config.model_copy(update={"database": config.database.model_copy(update={"url": url})})
    assert await print_status(config, Console(file=out, width=200)) == 0
    text = out.getvalue()
    assert "ok" in text and "HTTP 503 from b" in text and "backing off" in text
    assert "Outbox by state: empty" in text and "Last hour: 0 delivered, 0 failed" in text
    assert await check_health(config) == 0


async def test_health_fails_when_the_store_is_unreachable(tmp_path: Path) -> None:
    config = parse_config("database:\n  url: postgresql://nobody@127.0.0.1:1/none\n", env={})
    assert await check_health(config) == 1
