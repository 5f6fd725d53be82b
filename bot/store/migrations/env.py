"""Alembic environment. Readout runs migrations itself at start (bot.store.engine.migrate),
passing an open synchronous connection in `config.attributes["connection"]`."""

from __future__ import annotations

from alembic import context

from bot.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through bot.store.engine.migrate (readout run does)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
