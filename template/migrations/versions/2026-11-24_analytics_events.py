"""Analytics events: the outbox and store of the tracking plan's events.

Revision ID: 0002_analytics_events
Revises: 0001_initial_schema
Created: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_analytics_events"
down_revision: str | None = "0001_initial_schema"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "analytics_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("anonymous_id", sa.String(length=64), nullable=True),
        sa.Column("properties", sa.JSON(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("forwarded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("forward_attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_analytics_events_event_id")),
    )
    op.create_index(
        "ix_analytics_events_forwarded_at_id", "analytics_events", ["forwarded_at", "id"]
    )
    op.create_index(
        "ix_analytics_events_name_occurred_at", "analytics_events", ["name", "occurred_at"]
    )
    op.create_index(
        "ix_analytics_events_user_id_occurred_at", "analytics_events", ["user_id", "occurred_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_analytics_events_user_id_occurred_at", table_name="analytics_events")
    op.drop_index("ix_analytics_events_name_occurred_at", table_name="analytics_events")
    op.drop_index("ix_analytics_events_forwarded_at_id", table_name="analytics_events")
    op.drop_table("analytics_events")
