"""Store topic: events — one real-world statement as several sources report it.

Owns reading an event (its lead and the sources that also reported it), the candidates a new
statement may be a copy of, and revising a statement whose source corrected it. Whether two
texts are the same statement is decided by the pure `bot.clustering`, not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.models import Statement, Summary
from bot.store.queueing import queue_updates
from bot.store.rows import statement_from_row
from bot.store.schema import entries, events, sources, statement_countries, statements

_COLUMNS = (*statements.c, sources.c.name.label("source_name"))


@dataclass(frozen=True, slots=True)
class EventView:
    lead: Statement
    also_reported: tuple[str, ...]  # other sources' names, first seen first
    revision: int  # the lead's revision: > 1 once its source corrected it
    change_note: str | None  # what the latest correction changed


@dataclass(frozen=True, slots=True)
class KnownEntry:
    item_hash: str | None
    statement_id: int | None


class EventsStore:
    _engine: AsyncEngine

    async def event_view(self, event_id: int) -> EventView | None:
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    sa.select(*_COLUMNS, events.c.lead_statement_id)
                    .join(events, events.c.id == statements.c.event_id)
                    .join(sources, sources.c.id == statements.c.source_id, isouter=True)
                    .where(statements.c.event_id == event_id)
                    .order_by(statements.c.id)
                )
            ).fetchall()
        if not rows:
            return None
        lead_row = next((r for r in rows if r.id == r.lead_statement_id), rows[0])
        lead = statement_from_row(lead_row)
        lead_name = lead.source_name or lead.source_id
        others = [r.source_name or r.source_id for r in rows if r.id != lead_row.id]
        also = tuple(n for n in dict.fromkeys(others) if n != lead_name)
        return EventView(lead, also, int(lead_row.revision), lead_row.change_note)

    async def event_candidates(
        self, countries: Sequence[str], around: datetime, window_s: float, limit: int = 200
    ) -> list[Statement]:
        """Lead statements of events sharing a principal country, within `window_s` of
        `around`: what a new statement may be a copy of. Indexed by (country, sort_time)."""
        if not countries:
            return []
        lo, hi = around - timedelta(seconds=window_s), around + timedelta(seconds=window_s)
        ids = (
            sa.select(statement_countries.c.statement_id)
            .where(
                statement_countries.c.country.in_(list(countries)),
                statement_countries.c.sort_time.between(lo, hi),
            )
            .distinct()
            .limit(limit)
            .subquery()
        )
        q = (
            sa.select(*_COLUMNS)
            .select_from(ids)
            .join(statements, statements.c.id == ids.c.statement_id)
            .join(events, events.c.lead_statement_id == statements.c.id)
            .join(sources, sources.c.id == statements.c.source_id, isouter=True)
        )
        async with self._engine.connect() as conn:
            return [statement_from_row(r) for r in (await conn.execute(q)).fetchall()]

    async def known_entries(
        self, source_id: str, identities: Sequence[str]
    ) -> dict[str, KnownEntry]:
        ids = list(dict.fromkeys(identities))
        out: dict[str, KnownEntry] = {}
        async with self._engine.connect() as conn:
            for i in range(0, len(ids), 500):
                rows = (
                    await conn.execute(
                        sa.select(
                            entries.c.identity, entries.c.item_hash, entries.c.statement_id
                        ).where(
                            entries.c.source_id == source_id,
                            entries.c.identity.in_(ids[i : i + 500]),
                        )
                    )
                ).fetchall()
                out.update({r[0]: KnownEntry(r[1], r[2]) for r in rows})
        return out

    async def set_item_hash(self, source_id: str, identity: str, item_hash: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                entries.update()
                .where(entries.c.source_id == source_id, entries.c.identity == identity)
                .values(item_hash=item_hash)
            )

    async def revise_statement(
        self,
        statement_id: int,
        *,
        text: str,
        content_hash: str,
        summary: Summary,
        change_note: str,
        item_hash: str | None,
        identity: str,
        now: datetime,
    ) -> int:
        """The source corrected a statement (same identity, new text): store the new text and
        analysis as the next revision and queue an update to every chat already alerted, in
        one transaction. Returns the number of updates queued."""
        async with self._engine.begin() as conn:
            row = (
                await conn.execute(
                    sa.select(statements.c.event_id, statements.c.source_id).where(
                        statements.c.id == statement_id
                    )
                )
            ).first()
            if row is None:
                return 0
            await conn.execute(
                statements.update()
                .where(statements.c.id == statement_id)
                .values(
                    text=text,
                    content_hash=content_hash,
                    summary=summary.to_dict(),
                    headline=summary.headline,
                    revision=statements.c.revision + 1,
                    change_note=change_note,
                )
            )
            await conn.execute(
                statement_countries.delete().where(
                    statement_countries.c.statement_id == statement_id
                )
            )
            sort_time = (
                await conn.execute(
                    sa.select(statements.c.sort_time).where(statements.c.id == statement_id)
                )
            ).scalar_one()
            if summary.countries:
                await conn.execute(
                    statement_countries.insert(),
                    [
                        {"statement_id": statement_id, "country": c, "sort_time": sort_time}
                        for c in dict.fromkeys(summary.countries)
                    ],
                )
            await conn.execute(
                entries.update()
                .where(entries.c.source_id == row.source_id, entries.c.identity == identity)
                .values(item_hash=item_hash)
            )
            return await queue_updates(conn, row.event_id, now)
