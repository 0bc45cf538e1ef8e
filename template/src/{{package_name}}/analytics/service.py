"""Recording events: server events through `track`, client events through `ingest`.

Nothing here commits. `track` adds the event to the caller's session, so it is stored in the
same transaction as the change it describes, or not at all; a sink being down can never fail
a request, because sinks are only reached later, by the forwarder, from this table.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict, cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..db import Prepared, Statements, insert_values, utcnow
from ..jobs.service import QueueStats
from .models import AnalyticsEvent
from .plan import load_plan


class UndeclaredEvent(ValueError):
    """Server code tried to record an event the tracking plan does not allow: a bug."""


_events = cast(Table, AnalyticsEvent.__table__)
# Prepared once and run by the driver in the caller's transaction, rather than through the
# ORM's unit of work: an event is written and never read back in the request (docs/adr/0010,
# 0012).
_INSERT_SERVER_EVENT = Prepared(
    insert(_events).values(
        **insert_values(_events, "event_id", "name", "user_id", "properties", "occurred_at",
                        "received_at"),
        source="server", forward_attempts=0,
    )
)  # fmt: skip


def track(session: Session, name: str, *, user_id: int | None, properties: dict[str, Any]) -> None:
    values = {key: value for key, value in properties.items() if value is not None}
    problems = load_plan().problems_with(name, values, source="server")
    if problems:
        raise UndeclaredEvent(f"{name}: {'; '.join(problems)}")
    now = utcnow()
    Statements.of(session).execute(
        _INSERT_SERVER_EVENT, event_id=str(uuid.uuid4()), name=name, user_id=user_id,
        properties=values, occurred_at=now, received_at=now,
    )  # fmt: skip


class ClientEvent(TypedDict):
    """A client event's own values, checked; `ingest` adds the rest of its row."""

    event_id: str
    name: str
    occurred_at: datetime
    properties: dict[str, Any]
    anonymous_id: str | None


@dataclass(frozen=True)
class IngestResult:
    accepted: int
    duplicates: int


def _client_insert(insert_into: Callable[[Table], Any]) -> Any:
    return insert_into(_events).values(
        **insert_values(_events, "event_id", "name", "user_id", "anonymous_id", "properties",
                        "occurred_at", "received_at"),
        source="client", forward_attempts=0,
    )  # fmt: skip


# INSERT ... ON CONFLICT (event_id) DO NOTHING, one row a statement, in one executemany: an id
# already stored (by an earlier batch, a concurrent copy of this one, or earlier in the same
# batch) changes no row, so the count of rows changed is the count of events accepted. Another
# database gets the plain INSERT, where a duplicate raises.
_INSERT_CLIENT_EVENT = Prepared(
    _client_insert(insert),
    postgresql=_client_insert(postgresql.insert).on_conflict_do_nothing(
        index_elements=["event_id"]
    ),
    sqlite=_client_insert(sqlite.insert).on_conflict_do_nothing(index_elements=["event_id"]),
)


def ingest(
    session: Session, *, events: list[ClientEvent], user_id: int | None, now: datetime
) -> IngestResult:
    """Stores each new event once; an event id seen before is a duplicate, not an error.

    Two concurrent copies of a batch store each event once: the second waits for the first's
    row lock (PostgreSQL) or write lock (SQLite), then finds its ids taken.
    """
    if not events:
        return IngestResult(accepted=0, duplicates=0)  # nothing to write: no connection taken
    stored = Statements.of(session).execute_many(
        _INSERT_CLIENT_EVENT, events, user_id=user_id, received_at=now
    )
    return IngestResult(accepted=stored, duplicates=len(events) - stored)


def outbox_stats(session: Session, *, now: datetime) -> QueueStats:
    """The forwarder's queue in the shape of a job queue's: depth, oldest, and set aside."""
    unforwarded = AnalyticsEvent.forwarded_at.is_(None)
    waiting = unforwarded & AnalyticsEvent.set_aside_at.is_(None)
    row = session.execute(
        select(
            func.count().filter(waiting),
            func.min(AnalyticsEvent.received_at).filter(waiting),
            func.count().filter(AnalyticsEvent.set_aside_at.is_not(None)),
        ).where(unforwarded)
    ).one()
    oldest = row[1]
    age = max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
    return QueueStats(waiting=row[0], oldest_waiting_seconds=age, failed=row[2])


def set_aside(session: Session, *, limit: int) -> list[AnalyticsEvent]:
    """Events the sink refused for good, oldest first, with the reason in `last_error`."""
    statement = (
        select(AnalyticsEvent)
        .where(AnalyticsEvent.forwarded_at.is_(None), AnalyticsEvent.set_aside_at.is_not(None))
        .order_by(AnalyticsEvent.id)
        .limit(limit)
    )
    return list(session.scalars(statement))


def requeue(session: Session, *, event_ids: list[str] | None) -> int:
    """Put set-aside events back in the outbox (all of them when `event_ids` is None)."""
    statement = update(AnalyticsEvent).where(
        AnalyticsEvent.forwarded_at.is_(None), AnalyticsEvent.set_aside_at.is_not(None)
    )
    if event_ids is not None:
        statement = statement.where(AnalyticsEvent.event_id.in_(event_ids))
    statement = statement.values(set_aside_at=None, last_error=None)
    return session.execute(statement).rowcount or 0  # type: ignore[attr-defined]


def anonymise_user(session: Session, *, user_id: int) -> int:
    """Detach a user's events from them; properties never hold personal data."""
    statement = update(AnalyticsEvent).where(AnalyticsEvent.user_id == user_id).values(user_id=None)
    return session.execute(statement).rowcount or 0  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Purged:
    deleted: int
    kept_unforwarded: int


def purge_before(session: Session, *, cutoff: datetime, keep_unforwarded: bool) -> Purged:
    """Delete events older than the retention period.

    With a forwarder (`keep_unforwarded`), an event the sink has not accepted yet (waiting or
    set aside) is kept whatever its age: deleting it would lose it for the sink for good.
    """
    old = AnalyticsEvent.occurred_at < cutoff
    kept = 0
    if keep_unforwarded:
        waiting = select(func.count()).where(old, AnalyticsEvent.forwarded_at.is_(None))
        kept = session.scalar(waiting) or 0
        old = old & AnalyticsEvent.forwarded_at.is_not(None)
    deleted = session.execute(delete(AnalyticsEvent).where(old)).rowcount or 0  # type: ignore[attr-defined]
    return Purged(deleted=deleted, kept_unforwarded=kept)
