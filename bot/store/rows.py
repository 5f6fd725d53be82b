"""Mapping database rows to Readout's data types, and a dialect-neutral "insert or ignore".

Shared by the store's topic modules; holds no query of its own.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.models import Statement, Subscription, Summary


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
