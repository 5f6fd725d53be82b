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
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.delivery.matching import matching
from bot.models import Statement, Subscription, Summary
from bot.store.schema import (
    chats,
    deliveries,
    entries,
    events,
    sources,
    statement_countries,
    statements,
    subscriptions,
)


@dataclass(frozen=True, slots=True)
class Stored:
    """What `add_statement` did: the ids, and how many chats it queued an alert for."""

    statement_id: int
    event_id: int
    queued: int
    new_event: bool


def insert_ignoring_conflicts(conn: AsyncConnection, table: sa.Table) -> Any:
    """INSERT … ON CONFLICT DO NOTHING in the connection's dialect."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


def statement_from_row(row: Any) -> Statement:
    m = row._mapping
    return Statement(
        id=m["id"],
        event_id=m["event_id"],
        source_id=m["source_id"],
        source_name=m.get("source_name"),
        url=m["url"],
        title=m["title"],
        published=m["published"],
        fetched=m["fetched"],
        text=m["text"],
        content_hash=m["content_hash"],
        summary=Summary.from_dict(m["summary"]),
    )


_COLUMNS = (*statements.c, sources.c.name.label("source_name"))


def _fts_query(words: Sequence[str]) -> str:
    """An FTS5 query that means "all these words", each quoted so no word is an operator."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class StatementsStore:
    _engine: AsyncEngine

    async def add_statement(self, stmt: Statement, identity: str, now: datetime) -> Stored | None:
        """Write the statement, its entry, its event and one outbox row per matching chat, all
        in one transaction. None when the source already has this identity (a race)."""
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
            if new_event:
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
                )
            )
            queued = await self._queue_alerts(conn, stmt, statement_id, event_id, now)
        return Stored(statement_id, event_id, queued, new_event)

    async def _queue_alerts(
        self,
        conn: AsyncConnection,
        stmt: Statement,
        statement_id: int,
        event_id: int,
        now: datetime,
    ) -> int:
        rows = (
            await conn.execute(
                sa.select(subscriptions)
                .join(chats, chats.c.id == subscriptions.c.chat_id)
                .where(chats.c.active.is_(True), subscriptions.c.mode == "push")
                .order_by(subscriptions.c.id)
            )
        ).fetchall()
        subs = [subscription_from_row(r) for r in rows]
        values: dict[int, dict[str, Any]] = {}
        for sub in matching(subs, stmt):
            values.setdefault(
                sub.chat_id,
                {
                    "chat_id": sub.chat_id,
                    "event_id": event_id,
                    "statement_id": statement_id,
                    "subscription_id": sub.id,
                    "kind": "alert",
                    "thread_id": sub.thread_id,
                    "state": "pending",
                    "attempts": 0,
                    "due_at": now,
                    "created_at": now,
                },
            )
        if not values:
            return 0
        res = await conn.execute(
            insert_ignoring_conflicts(conn, deliveries).returning(deliveries.c.id),
            list(values.values()),
        )
        return len(res.fetchall())  # rowcount is unreliable for multi-row inserts on asyncpg

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
        """The newest statements involving ALL `countries` and containing ALL `words`.

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
                .join(sources, sources.c.id == statements.c.source_id, isouter=True)
                .order_by(statements.c.sort_time.desc(), statements.c.id.desc())
            )
        async with self._engine.connect() as conn:
            if words:
                q = q.where(self._text_condition(conn, words))
            rows = (await conn.execute(q.limit(limit).offset(offset))).fetchall()
        return [statement_from_row(r) for r in rows]

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


def subscription_from_row(row: Any) -> Subscription:
    m = row._mapping
    return Subscription(
        id=m["id"],
        chat_id=m["chat_id"],
        countries=tuple(m["countries"]),
        types=tuple(m["types"]),
        keywords=tuple(m["keywords"]),
        sources=tuple(m["sources"]),
        mode=m["mode"],
        digest_time=m["digest_time"],
        timezone=m["timezone"],
        thread_id=m["thread_id"],
    )
