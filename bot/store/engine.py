"""Opening the database: URL -> async engine, SQLite pragmas, migrations at start.

Owns connection setup and schema migration; knows no query of the application's own.
SQLite (`sqlite:///path`) runs in WAL mode with foreign keys on; PostgreSQL (`postgresql://…`)
goes through asyncpg. Migrations take a PostgreSQL advisory lock so that several replicas
starting at once apply them one at a time.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.errors import ConfigError

_MIGRATION_LOCK = 0x52454144  # "READ": the advisory lock id shared by every replica


def async_url(url: str) -> str:
    """Map the URL people write to the async driver's: sqlite:// -> sqlite+aiosqlite://,
    postgresql:// (or postgres://) -> postgresql+asyncpg://."""
    try:
        u = make_url(url)
    except Exception:
        raise ConfigError(f"database.url: {url!r} is not a database URL") from None
    backend = u.get_backend_name()
    if backend == "sqlite":
        return str(u.set(drivername="sqlite+aiosqlite"))
    if backend in ("postgresql", "postgres"):
        return u.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    raise ConfigError(f"database.url: {backend!r} is not supported (use sqlite or postgresql)")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def create_engine(url: str) -> AsyncEngine:
    full = async_url(url)
    u = make_url(full)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(full, connect_args={"timeout": 30})
        sa.event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(full, pool_size=10, max_overflow=10, pool_pre_ping=True)


def _alembic_config(connection: Connection) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resources.files("bot.store").joinpath("migrations")))
    cfg.attributes["connection"] = connection
    return cfg


def _upgrade(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
        connection.commit()
    try:
        command.upgrade(_alembic_config(connection), "head")
    finally:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})
            connection.commit()


async def migrate(engine: AsyncEngine) -> None:
    """Bring the schema to the newest revision (safe to call from several replicas at once)."""
    async with engine.connect() as conn:
        await conn.run_sync(_upgrade)
        await conn.commit()
