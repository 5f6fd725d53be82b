"""Store topic: statements, events, and the lookups `/latest` and `/search` run.

Owns `statements`, `statement_countries`, `events`, and writing a statement together with its
outbox rows in ONE transaction (transactional outbox). Who matches is decided by the pure
`bot.delivery.matching`; this module only writes what it says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.models import Statement
from bot.store.queueing import queue_for_statement, queue_updates, takes_the_lead
from bot.store.rows import statement_from_row
from bot.store.schema import (
    UTCDateTime,
    entries,
    events,
    sources,
    statement_countries,
    statements,
)


@dataclass(frozen=True, slots=True)
class Stored:
    """What `add_statement` did: the ids, and how many chats it queued an alert for."""

    statement_id: int
    event_id: int
    queued: int
    new_event: bool


_COLUMNS = (*statements.c, sources.c.name.label("source_name"))


def _fts_query(words: Sequence[str]) -> str:
    """An FTS5 query that means "all these words", each quoted so no word is an operator."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class StatementsStore:
    _engine: AsyncEngine

    async def add_statement(
        self,
        stmt: Statement,
        identity: str,
        now: datetime,
        *,
        event_id: int | None = None,
        item_hash: str | None = None,
    ) -> Stored | None:
        """Write the statement, its entry, its event and its outbox rows, all in one
        transaction. `event_id` joins an existing event (a copy from another source; the
        caller's clustering decided); otherwise an identical text joins its event and anything
        else starts a new one. None when the source already has this identity (a race)."""
        async with self._engine.begin() as conn:
            seen = (
                await conn.execute(
                    sa.select(entries.c.id).where(
                        entries.c.source_id == stmt.source_id, entries.c.identity == identity
                    )
                )
            ).first()
            if seen:
                return None
            sort_time = stmt.published or stmt.fetched
            if event_id is None:
                event_id = (
                    await conn.execute(
                        sa.select(statements.c.event_id)
                        .where(statements.c.content_hash == stmt.content_hash)
                        .limit(1)
                    )
                ).scalar()
            new_event = event_id is None
            if event_id is None:
                event_id = (
                    await conn.execute(
                        events.insert()
                        .values(created_at=now, sort_time=sort_time)
                        .returning(events.c.id)
                    )
                ).scalar_one()
            statement_id = (
                await conn.execute(
                    statements.insert()
                    .values(
                        source_id=stmt.source_id,
                        event_id=event_id,
                        url=stmt.url,
                        title=stmt.title,
                        published=stmt.published,
                        fetched=stmt.fetched,
                        sort_time=sort_time,
                        text=stmt.text,
                        content_hash=stmt.content_hash,
                        headline=stmt.summary.headline,
                        summary=stmt.summary.to_dict(),
                    )
                    .returning(statements.c.id)
                )
            ).scalar_one()
            if new_event or await takes_the_lead(conn, event_id, stmt.source_id):
                await conn.execute(
                    events.update()
                    .where(events.c.id == event_id)
                    .values(lead_statement_id=statement_id)
                )
            if stmt.summary.countries:
                await conn.execute(
                    statement_countries.insert(),
                    [
                        {"statement_id": statement_id, "country": c, "sort_time": sort_time}
                        for c in dict.fromkeys(stmt.summary.countries)
                    ],
                )
            await conn.execute(
                entries.insert().values(
                    source_id=stmt.source_id,
                    identity=identity,
                    statement_id=statement_id,
                    first_seen=now,
                    item_hash=item_hash,
                )
            )
            queued = await queue_for_statement(conn, stmt, statement_id, event_id, now)
            if not new_event:
                await queue_updates(conn, event_id, now)
        return Stored(statement_id, event_id, queued, new_event)

    async def get_statement(self, statement_id: int) -> Statement | None:
        q = (
            sa.select(*_COLUMNS)
            .join(sources, sources.c.id == statements.c.source_id, isouter=True)
            .where(statements.c.id == statement_id)
        )
        async with self._engine.connect() as conn:
            row = (await conn.execute(q)).first()
        return statement_from_row(row) if row else None

    async def latest(
        self,
        countries: Sequence[str] = (),
        words: Sequence[str] = (),
        limit: int = 5,
        offset: int = 0,
    ) -> list[Statement]:
        """The newest statements involving ALL `countries` and containing ALL `words`, one per
        event (its lead: the official source's copy when there is one).

        With countries, the walk goes down the (country, sort_time) index of the first country
        and checks the others by primary key: an indexed lookup, never a scan of statements."""
        countries = list(dict.fromkeys(countries))
        if countries:
            first, rest = countries[0], countries[1:]
            sc = statement_countries.alias("sc0")
            q = (
                sa.select(*_COLUMNS)
                .select_from(sc)
                .join(statements, statements.c.id == sc.c.statement_id)
                .join(events, events.c.lead_statement_id == statements.c.id)
                .join(sources, sources.c.id == statements.c.source_id, isouter=True)
                .where(sc.c.country == first)
                .order_by(sc.c.sort_time.desc(), sc.c.statement_id.desc())
            )
            for i, code in enumerate(rest, 1):
                other = statement_countries.alias(f"sc{i}")
                q = q.where(
                    sa.exists().where(
                        other.c.statement_id == sc.c.statement_id, other.c.country == code
                    )
                )
        else:
            q = (
                sa.select(*_COLUMNS)
                .join(events, events.c.lead_statement_id == statements.c.id)
                .join(sources, sources.c.id == statements.c.source_id, isouter=True)
                .order_by(statements.c.sort_time.desc(), statements.c.id.desc())
            )
        async with self._engine.connect() as conn:
            if words and not countries and conn.dialect.name == "sqlite":
                q = await self._sqlite_time_walk(conn, q, words, limit + offset)
            elif words:
                q = q.where(self._text_condition(conn, words))
            rows = (await conn.execute(q.limit(limit).offset(offset))).fetchall()
        return [statement_from_row(r) for r in rows]

    @staticmethod
    async def _sqlite_time_walk(
        conn: AsyncConnection, q: sa.Select[Any], words: Sequence[str], k: int
    ) -> sa.Select[Any]:
        """Make a word search on SQLite walk the time index instead of sorting every match.

        SQLite's own plan fetches every matching statement and sorts them (100 ms for a word in
        40,000 of a million statements). Any k matches bound the answer: the k newest can be
        no older than the oldest of them. So k matches are sampled cheaply (FTS5 in rowid
        order, which follows storing order), and the query then walks the sort_time index
        newest first, no further back than that bound, checking membership in the match set.
        Exact whatever the order of rowids; fast when they roughly follow time, as they do."""
        sample = (
            await conn.execute(
                sa.text(
                    "SELECT statements.sort_time FROM statements_fts "
                    "JOIN statements ON statements.id = statements_fts.rowid "
                    "JOIN events ON events.lead_statement_id = statements.id "
                    "WHERE statements_fts MATCH :q ORDER BY statements_fts.rowid DESC LIMIT :k"
                ).bindparams(q=_fts_query(words), k=k)
            )
        ).fetchall()
        matches = (
            sa.text("SELECT rowid FROM statements_fts WHERE statements_fts MATCH :q")
            .bindparams(q=_fts_query(words))
            .columns(sa.column("rowid", sa.Integer))
        )
        if len(sample) < k:
            # fewer matches than asked for: sorting them all is cheap
            return q.where(statements.c.id.in_(matches))
        times = [UTCDateTime().process_result_value(r[0], conn.dialect) for r in sample]
        floor = min(t for t in times if t is not None)
        # The unary + keeps SQLite from driving the query by the match list, so it walks the
        # sort_time index from the newest statement down to the bound.
        return q.where(
            statements.c.sort_time >= floor, sa.literal_column("+statements.id").in_(matches)
        )

    async def search(
        self, words: Sequence[str], limit: int = 5, offset: int = 0
    ) -> list[Statement]:
        """Full-text search, newest first (FTS5 on SQLite, tsvector on PostgreSQL)."""
        return await self.latest((), words, limit, offset)

    @staticmethod
    def _text_condition(
        conn: AsyncConnection, words: Sequence[str]
    ) -> sa.ColumnElement[bool] | sa.TextClause:
        if conn.dialect.name == "postgresql":
            return sa.text("statements.search @@ plainto_tsquery('english', :q)").bindparams(
                q=" ".join(words)
            )
        return statements.c.id.in_(
            sa.text("SELECT rowid FROM statements_fts WHERE statements_fts MATCH :q")
            .bindparams(q=_fts_query(words))
            .columns(sa.column("rowid", sa.Integer))
        )

    async def count_statements(self) -> int:
        async with self._engine.connect() as conn:
            return int(
                (
                    await conn.execute(sa.select(sa.func.count()).select_from(statements))
                ).scalar_one()
            )
