from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow


class Job(Base):
    """One unit of work for the worker (an e-mail to send), stored with the change it follows.

    `status` is waiting until the work is done or has failed for good. A worker claims a
    waiting job by setting `locked_until`; a worker that dies mid-job leaves a lease that
    expires, and the job is tried again. `key` makes queuing idempotent: the same key twice
    is one job.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_queue_status_run_after", "queue", "status", "run_after"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    queue: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    attempts: Mapped[int] = mapped_column(default=0)
    run_after: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Lock(Base):
    """A named lock for one process at a time, on SQLite (PostgreSQL uses an advisory lock).

    The row is the lock: inserting it takes the lock, a second insert fails on the primary
    key. `expires_at` frees the lock of a process that died holding it.
    """

    __tablename__ = "locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
