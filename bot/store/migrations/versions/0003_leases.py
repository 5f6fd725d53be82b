"""Several replicas on one database: named leases (who sends for a platform token, who takes
Telegram updates), and the index that finds an event by its lead statement.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leases",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )
    op.create_index("ix_events_lead_statement_id", "events", ["lead_statement_id"])


def downgrade() -> None:
    op.drop_index("ix_events_lead_statement_id", table_name="events")
    op.drop_table("leases")
