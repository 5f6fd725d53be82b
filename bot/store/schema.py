"""The database schema as SQLAlchemy Core tables. The Alembic migrations create exactly this.

Owns table and index definitions only; queries live in the store's topic modules.
Every timestamp is stored as UTC (`UTCDateTime`) and comes back timezone-aware.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("interval_s", sa.Float, nullable=False),
    sa.Column("country", sa.String(2)),
    sa.Column("official", sa.Boolean, nullable=False, default=False),
    sa.Column("selector", sa.Text),
    sa.Column("backfill", sa.Integer, nullable=False, default=0),
    sa.Column("origin", sa.String(16), nullable=False, default="config"),  # config | chat
    sa.Column("added_by", sa.Text),
    sa.Column("enabled", sa.Boolean, nullable=False, default=True),
    # fetch state
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("initialised", sa.Boolean, nullable=False, default=False),
    sa.Column("next_due", UTCDateTime),
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    sa.Column("last_error", sa.Text),
    sa.Column("last_error_at", UTCDateTime),
    sa.Column("last_success_at", UTCDateTime),
    sa.Column("last_attempt_at", UTCDateTime),
    sa.Column("lease_owner", sa.Text),
    sa.Column("lease_until", UTCDateTime),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("lead_statement_id", sa.Integer),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("sort_time", UTCDateTime, nullable=False),
    sa.Index("ix_events_lead_statement_id", "lead_statement_id"),
)

# Named leases shared by replicas: "send:telegram" (whose process spends the token's rate
# budget), "updates:telegram" (who long-polls Telegram). Taken and renewed atomically.
leases = sa.Table(
    "leases",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("owner", sa.Text, nullable=False),
    sa.Column("until", UTCDateTime, nullable=False),
)

statements = sa.Table(
    "statements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source_id", sa.String(64), nullable=False),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id"), nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("published", UTCDateTime),
    sa.Column("fetched", UTCDateTime, nullable=False),
    sa.Column("sort_time", UTCDateTime, nullable=False),  # published, else fetched
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("headline", sa.Text, nullable=False),
    sa.Column("summary", sa.JSON, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
    sa.Column("change_note", sa.Text),  # what the latest correction changed
    sa.Index(None, "sort_time"),
    sa.Index(None, "content_hash"),
    sa.Index(None, "event_id"),
)

# One row per (statement, principal country): `/latest India Japan` walks the IN rows newest
# first through the (country, sort_time) index and keeps those that also have a JP row.
statement_countries = sa.Table(
    "statement_countries",
    metadata,
    sa.Column(
        "statement_id",
        sa.Integer,
        sa.ForeignKey("statements.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("country", sa.String(2), primary_key=True),
    sa.Column("sort_time", UTCDateTime, nullable=False),
    sa.Index(None, "country", "sort_time", "statement_id"),
)

# What each source has already shown us, by identity (guid, else normalised link, else hash).
entries = sa.Table(
    "entries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source_id", sa.String(64), nullable=False),
    sa.Column("identity", sa.Text, nullable=False),
    sa.Column("statement_id", sa.Integer, sa.ForeignKey("statements.id", ondelete="SET NULL")),
    sa.Column("first_seen", UTCDateTime, nullable=False),
    sa.Column("item_hash", sa.String(64)),  # the feed item as last seen: a change means an update
    sa.UniqueConstraint("source_id", "identity"),
)

chats = sa.Table(
    "chats",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("deactivated_reason", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("last_digest_at", UTCDateTime),
    sa.UniqueConstraint("platform", "address"),
)

subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("chat_id", sa.Integer, sa.ForeignKey("chats.id", ondelete="CASCADE"), nullable=False),
    sa.Column("countries", sa.JSON, nullable=False),
    sa.Column("types", sa.JSON, nullable=False),
    sa.Column("keywords", sa.JSON, nullable=False),
    sa.Column("sources", sa.JSON, nullable=False),
    sa.Column("mode", sa.String(8), nullable=False, default="push"),
    sa.Column("digest_time", sa.String(5)),
    sa.Column("timezone", sa.Text),
    sa.Column("thread_id", sa.Text),
    sa.Column("created_by", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index(None, "chat_id"),
)

# The outbox. A row is written in the same transaction as its statement; (chat, event, kind) is
# unique so that two statements of one event never alert one chat twice.
deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("chat_id", sa.Integer, sa.ForeignKey("chats.id", ondelete="CASCADE"), nullable=False),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id")),
    sa.Column("statement_id", sa.Integer, sa.ForeignKey("statements.id")),
    sa.Column("subscription_id", sa.Integer),
    # alert: a new event; update: edit a sent alert (another source, a corrected text);
    # digest_item: held for the chat's daily digest; digest: the digest itself (payload)
    sa.Column("kind", sa.String(16), nullable=False, default="alert"),
    sa.Column("payload", sa.JSON),
    sa.Column("thread_id", sa.Text),
    # pending -> sending (leased) -> sent | failed | cancelled; digest items: held -> digested
    sa.Column("state", sa.String(12), nullable=False, default="pending"),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("due_at", UTCDateTime, nullable=False),
    sa.Column("lease_owner", sa.Text),
    sa.Column("lease_until", UTCDateTime),
    sa.Column("message_id", sa.Text),
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime),
    sa.UniqueConstraint("chat_id", "event_id", "kind"),
    sa.Index(None, "state", "due_at"),
    sa.Index(None, "chat_id", "state"),
)
