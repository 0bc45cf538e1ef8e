"""Jobs (the worker's durable queue) and invites that are e-mailed, resent and revoked.

Revision ID: 0004_jobs_and_invite_mail
Revises: 0003_auth_sessions
Created: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_jobs_and_invite_mail"
down_revision: str | None = "0003_auth_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("queue", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("run_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("key", name=op.f("uq_jobs_key")),
    )
    op.create_index("ix_jobs_queue_status_run_after", "jobs", ["queue", "status", "run_after"])
    # Batch mode: SQLite can only add a foreign key by rebuilding the table.
    with op.batch_alter_table("invites") as batch:
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("mail_job_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_invites_mail_job_id_jobs"),
            "jobs",
            ["mail_job_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("invites") as batch:
        batch.drop_constraint(op.f("fk_invites_mail_job_id_jobs"), type_="foreignkey")
        batch.drop_column("mail_job_id")
        batch.drop_column("revoked_at")
    op.drop_index("ix_jobs_queue_status_run_after", table_name="jobs")
    op.drop_table("jobs")
