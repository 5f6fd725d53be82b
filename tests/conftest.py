"""Shared fixtures: an injected clock, a real SQLite store per test, a real PostgreSQL store
(a fresh database per test; required when CI=true, skipped with the reason elsewhere), and the
fake feed server on loopback."""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.store import Store, open_store
from tests.fakes.feed_server import FeedServer
from tests.helpers import Rig, make_rig

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("READOUT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def samples() -> list[dict[str, object]]:
    path = ROOT / "bot" / "samples" / "statements.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def sample(sample_id: str) -> dict[str, object]:
    return next(s for s in samples() if s["id"] == sample_id)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Store]:
    """A real SQLite store, for tests of SQLite's own behaviour (triggers, FTS5 plans)."""
    s = await open_store(f"sqlite:///{tmp_path / 'readout.db'}")
    yield s
    await s.close()


@contextlib.asynccontextmanager
async def fresh_pg_database() -> AsyncIterator[str]:
    """Create an empty PostgreSQL database, yield its URL, drop it afterwards. Fails when CI=true
    and the server is unreachable; skips with the reason elsewhere."""
    import asyncpg

    try:
        admin = await asyncpg.connect(PG_ADMIN, timeout=3)
    except (OSError, asyncpg.PostgresError) as e:
        reason = f"PostgreSQL not reachable at {PG_ADMIN}: {e}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true requires it)")
        pytest.skip(reason + " (set CI=true to require it)")
    name = f"readout_t_{uuid.uuid4().hex[:10]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    async with fresh_pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """A real store: every test that takes it runs on SQLite and on PostgreSQL (same code)."""
    if request.param == "sqlite":
        s = await open_store(f"sqlite:///{tmp_path / 'readout.db'}")
        yield s
        await s.close()
        return
    async with fresh_pg_database() as url:
        s = await open_store(url)
        try:
            yield s
        finally:
            await s.close()


@pytest.fixture
async def any_store(store: Store) -> Store:
    """Kept for readability where a test is about both databases."""
    return store


@pytest.fixture
async def rig(store: Store, clock: FakeClock) -> AsyncIterator[Rig]:
    """Store, clock, fetcher and pipeline, wired as `readout run` wires them."""
    r = make_rig(store, clock)
    yield r
    await r.close()


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    server = FeedServer()
    await server.start()
    yield server
    await server.stop()
