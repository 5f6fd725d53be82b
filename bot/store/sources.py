"""Store topic: sources and their fetch state (ETag, Last-Modified, due time, failures, health).

Owns the `sources` and `entries` tables. Decides nothing about when to poll: the pipeline
computes due times and backoff and hands them here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import SourceConfig
from bot.store.rows import insert_ignoring_conflicts
from bot.store.schema import entries, sources


@dataclass(frozen=True, slots=True)
class SourceState:
    """A source as the pipeline sees it: its settings and its fetch state."""

    id: str
    name: str
    url: str
    kind: str
    interval_s: float
    country: str | None
    official: bool
    selector: str | None
    backfill: int
    origin: str
    enabled: bool
    etag: str | None
    last_modified: str | None
    initialised: bool
    next_due: datetime | None
    failures: int
    last_error: str | None
    last_error_at: datetime | None
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    added_by: str | None = None

    @classmethod
    def from_row(cls, row: Any) -> SourceState:
        m = row._mapping
        return cls(**{f: m[f] for f in cls.__dataclass_fields__})


def _settings(cfg: SourceConfig) -> dict[str, Any]:
    return {
        "name": cfg.name,
        "url": cfg.url,
        "kind": cfg.kind,
        "interval_s": cfg.interval,
        "country": cfg.country,
        "official": cfg.official,
        "selector": cfg.selector,
        "backfill": cfg.backfill,
        "enabled": cfg.enabled,
    }


class SourcesStore:
    _engine: AsyncEngine

    async def sync_sources(self, configured: Iterable[SourceConfig]) -> None:
        """Make the table match the config: add new sources, update changed settings (keeping
        fetch state unless the URL changed), disable config sources no longer listed. Sources
        added from a chat are left alone."""
        configured = list(configured)
        async with self._engine.begin() as conn:
            rows = {r.id: r for r in (await conn.execute(sa.select(sources))).fetchall()}
            for cfg in configured:
                values = _settings(cfg)
                old = rows.get(cfg.id)
                if old is None:
                    # Replicas starting together may both add it: the second insert is a no-op.
                    await conn.execute(
                        insert_ignoring_conflicts(conn, sources).values(
                            id=cfg.id, origin="config", initialised=False, failures=0, **values
                        )
                    )
                    continue
                if old.url != cfg.url:  # a new URL is a new feed: forget its cache state
                    values.update(etag=None, last_modified=None, initialised=False, failures=0)
                values["origin"] = "config"
                await conn.execute(sources.update().where(sources.c.id == cfg.id).values(values))
            listed = {c.id for c in configured}
            stale = [i for i, r in rows.items() if r.origin == "config" and i not in listed]
            if stale:
                await conn.execute(
                    sources.update().where(sources.c.id.in_(stale)).values(enabled=False)
                )

    async def list_sources(self, enabled_only: bool = False) -> list[SourceState]:
        q = sa.select(sources).order_by(sources.c.id)
        if enabled_only:
            q = q.where(sources.c.enabled.is_(True))
        async with self._engine.connect() as conn:
            return [SourceState.from_row(r) for r in (await conn.execute(q)).fetchall()]

    async def get_source(self, source_id: str) -> SourceState | None:
        async with self._engine.connect() as conn:
            row = (await conn.execute(sa.select(sources).where(sources.c.id == source_id))).first()
        return SourceState.from_row(row) if row else None

    async def add_source(self, cfg: SourceConfig, added_by: str | None) -> bool:
        """Add a source from a chat. False when the id is taken."""
        async with self._engine.begin() as conn:
            exists = (
                await conn.execute(sa.select(sources.c.id).where(sources.c.id == cfg.id))
            ).first()
            if exists:
                return False
            await conn.execute(
                sources.insert().values(
                    id=cfg.id,
                    origin="chat",
                    added_by=added_by,
                    initialised=False,
                    failures=0,
                    **_settings(cfg),
                )
            )
        return True

    async def remove_source(self, source_id: str) -> bool:
        """Disable a source (its statements stay searchable). False when unknown."""
        async with self._engine.begin() as conn:
            res = await conn.execute(
                sources.update().where(sources.c.id == source_id).values(enabled=False)
            )
        return bool(res.rowcount)

    async def record_poll(
        self,
        source_id: str,
        *,
        now: datetime,
        next_due: datetime,
        error: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        initialised: bool | None = None,
        keep_validators: bool = False,
    ) -> None:
        """Record the outcome of one poll: success (error None) resets the failure count and
        stores the cache validators; failure counts up and keeps the old validators."""
        values: dict[str, Any] = {"last_attempt_at": now, "next_due": next_due}
        if error is None:
            values.update(failures=0, last_success_at=now, last_error=None)
            if not keep_validators:
                values.update(etag=etag, last_modified=last_modified)
        else:
            values.update(failures=sources.c.failures + 1, last_error=error, last_error_at=now)
        if initialised is not None:
            values["initialised"] = initialised
        async with self._engine.begin() as conn:
            await conn.execute(sources.update().where(sources.c.id == source_id).values(values))

    async def mark_seen(
        self, source_id: str, items: Mapping[str, str | None], now: datetime
    ) -> None:
        """Record entries without statements (identity -> item hash): what a source already
        had at its first poll, or items with no text at all."""
        if not items:
            return
        ids = list(items)
        async with self._engine.begin() as conn:
            known: set[str] = set()
            for i in range(0, len(ids), 500):
                q = sa.select(entries.c.identity).where(
                    entries.c.source_id == source_id, entries.c.identity.in_(ids[i : i + 500])
                )
                known.update(r[0] for r in (await conn.execute(q)).fetchall())
            new = [
                {"source_id": source_id, "identity": i, "first_seen": now, "item_hash": items[i]}
                for i in ids
                if i not in known
            ]
            if new:
                await conn.execute(entries.insert(), new)
