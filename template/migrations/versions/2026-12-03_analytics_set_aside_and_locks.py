"""Analytics events the sink refused for good are set aside; a lock table for one forwarder.

Revision ID: 0008_set_aside_and_locks
Revises: 0007_rate_limits
Created: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_set_aside_and_locks"
down_revision: str | None = "0007_rate_limits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column without a default: PostgreSQL adds it without rewriting the table.
    with op.batch_alter_table("analytics_events") as batch:
        batch.add_column(sa.Column("set_aside_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "locks",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_locks")),
    )


def downgrade() -> None:
    op.drop_table("locks")
    with op.batch_alter_table("analytics_events") as batch:
        batch.drop_column("set_aside_at")
