"""Queuing, claiming and finishing jobs, the same way on SQLite and PostgreSQL.

`enqueue` only adds to the caller's session: the job commits with the change that caused it,
or not at all. A worker claims a job with one conditional UPDATE (waiting, due, and not
leased by another worker); of two workers racing for a job exactly one sees a row changed,
on both databases, so no job is run twice at the same time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from ..db import utcnow
from ..logs import current_request_id
from .models import Job

WAITING, DONE, FAILED, CANCELLED = "waiting", "done", "failed", "cancelled"
# A job still failing after this many attempts is set aside: with the backoff below that is
# about nine hours of a provider being down, long enough to outlast an outage.
MAX_ATTEMPTS = 15
# Long enough for the slowest send (each transport has a timeout well under it).
LEASE = timedelta(minutes=5)
# The payload key that holds the id of the request that queued the job, when one did.
REQUEST_ID = "request_id"


class PermanentFailure(Exception):
    """The job can never succeed as it is (a refused address): set it aside, do not retry."""


class TemporaryFailure(Exception):
    """The job may succeed later (a provider down or throttling): retry with backoff."""


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with full jitter, capped: up to base, 2 x base ... up to `cap`."""

    base: float = 30.0
    cap: float = 3600.0

    def delay(self, attempts: int) -> float:
        ceiling = min(self.cap, self.base * 2 ** max(attempts - 1, 0))
        # Jitter spreads retries out; it guards nothing, so `random` is the right tool.
        return random.uniform(ceiling / 2, ceiling)  # noqa: S311  # nosec B311


def enqueue(session: Session, *, queue: str, key: str, payload: dict[str, Any]) -> Job:
    """Adds a job to the caller's transaction; a key already queued returns that job.

    A job queued while a request is handled keeps the request's id under `REQUEST_ID`, so
    the worker's log lines for it carry the same id as the request's.
    """
    existing = session.scalars(select(Job).where(Job.key == key)).first()
    if existing is not None:
        return existing
    request_id = current_request_id()
    if request_id is not None:
        payload = {**payload, REQUEST_ID: request_id}
    now = utcnow()
    job = Job(queue=queue, key=key, payload=payload, run_after=now, created_at=now)
    session.add(job)
    session.flush()
    return job


def due_ids(session: Session, *, queue: str, now: datetime, limit: int) -> list[int]:
    """Ids of jobs a worker may claim now, oldest first."""
    statement = (
        select(Job.id)
        .where(Job.queue == queue, Job.status == WAITING, Job.run_after <= now, _unleased(now))
        .order_by(Job.run_after, Job.id)
        .limit(limit)
    )
    return list(session.scalars(statement))


def _unleased(now: datetime) -> Any:
    return or_(Job.locked_until.is_(None), Job.locked_until < now)


def claim(session: Session, *, job_id: int, now: datetime, lease: timedelta = LEASE) -> Job | None:
    """Leases one job to the caller and commits; None when another worker got it first."""
    statement = (
        update(Job)
        .where(Job.id == job_id, Job.status == WAITING, _unleased(now))
        .values(locked_until=now + lease, attempts=Job.attempts + 1)
    )
    claimed = session.execute(statement).rowcount  # type: ignore[attr-defined]
    session.commit()
    return session.get(Job, job_id, populate_existing=True) if claimed == 1 else None


def finish(session: Session, *, job: Job, now: datetime, scrubbed: dict[str, Any]) -> None:
    """Marks a job done; its payload is replaced by what may be kept (no links or codes)."""
    job.status, job.finished_at, job.locked_until, job.last_error = DONE, now, None, None
    job.payload = scrubbed
    session.commit()


def fail(
    session: Session, *, job: Job, now: datetime, reason: str, scrubbed: dict[str, Any]
) -> None:
    """Sets a job aside for good, with the reason a person can act on."""
    job.status, job.finished_at, job.locked_until = FAILED, now, None
    job.last_error = reason[:500]
    job.payload = scrubbed
    session.commit()


def retry_later(
    session: Session, *, job: Job, now: datetime, reason: str, backoff: Backoff
) -> datetime:
    """Schedules another attempt after a backoff; returns when it will be due."""
    job.run_after = now + timedelta(seconds=backoff.delay(job.attempts))
    job.locked_until = None
    job.last_error = reason[:500]
    session.commit()
    return job.run_after


def cancel(session: Session, *, job: Job, reason: str, scrubbed: dict[str, Any]) -> bool:
    """Withdraws a job nobody is working on; False when it already ran or is running."""
    now = utcnow()
    statement = (
        update(Job)
        .where(Job.id == job.id, Job.status == WAITING, _unleased(now))
        .values(status=CANCELLED, finished_at=now, last_error=reason[:500], payload=scrubbed)
    )
    cancelled: int = session.execute(statement).rowcount  # type: ignore[attr-defined]
    session.refresh(job)
    return cancelled == 1


@dataclass(frozen=True)
class QueueStats:
    waiting: int
    oldest_waiting_seconds: float
    failed: int


def stats(session: Session, *, queue: str, now: datetime) -> QueueStats:
    """Depth, age of the oldest waiting job and the failed count: one indexed query."""
    waiting = Job.status == WAITING
    row = session.execute(
        select(
            func.count().filter(waiting),
            func.min(Job.created_at).filter(waiting),
            func.count().filter(Job.status == FAILED),
        ).where(Job.queue == queue)
    ).one()
    oldest = row[1]  # aware on both databases: the column's UTCDateTime reads it
    age = max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
    return QueueStats(waiting=row[0], oldest_waiting_seconds=age, failed=row[2])


def purge_finished(session: Session, *, cutoff: datetime) -> int:
    """Delete jobs that finished (done or failed) before `cutoff`."""
    statement = delete(Job).where(
        and_(Job.status.in_([DONE, FAILED, CANCELLED]), Job.finished_at < cutoff)
    )
    return session.execute(statement).rowcount or 0  # type: ignore[attr-defined]
