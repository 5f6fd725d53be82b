"""Updates and digests: entries remember their feed item's hash (to notice a corrected
release), deliveries may carry a payload instead of one statement (a digest), chats remember
their last digest.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entries") as batch:
        batch.add_column(sa.Column("item_hash", sa.String(64), nullable=True))
    with op.batch_alter_table("deliveries") as batch:
        batch.alter_column("event_id", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("statement_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("payload", sa.JSON(), nullable=True))
    with op.batch_alter_table("chats") as batch:
        batch.add_column(sa.Column("last_digest_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("statements") as batch:
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("change_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("change_note")
        batch.drop_column("revision")
    with op.batch_alter_table("chats") as batch:
        batch.drop_column("last_digest_at")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("payload")
        batch.alter_column("statement_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("event_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("item_hash")
