"""The waitlist: one row per address that asked for an invite, only its leave token's hash kept.

Revision ID: 0009_waitlist
Revises: 0008_set_aside_and_locks
Created: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_waitlist"
down_revision: str | None = "0008_set_aside_and_locks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "waitlist_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("leave_token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invite_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invite_id"],
            ["invites.id"],
            name=op.f("fk_waitlist_entries_invite_id_invites"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entries")),
        sa.UniqueConstraint("email", name=op.f("uq_waitlist_entries_email")),
        sa.UniqueConstraint("leave_token_hash", name=op.f("uq_waitlist_entries_leave_token_hash")),
    )
    op.create_index(
        op.f("ix_waitlist_entries_created_at"), "waitlist_entries", ["created_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_waitlist_entries_created_at"), table_name="waitlist_entries")
    op.drop_table("waitlist_entries")
