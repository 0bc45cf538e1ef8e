"""Feedback rules: storing one message, the admin's filtered list, and its CSV export.

Like every service, these flush and leave the commit to the caller.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..user.models import User
from .exceptions import DateRangeInvalid
from .models import Feedback

# The export holds at most this many rows, newest first: narrow the dates for older ones.
MAX_EXPORT_ROWS = 10_000
CSV_COLUMNS = ("id", "created_at", "rating", "user_id", "email", "path", "text")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Filters:
    """Which feedback an admin asked for: one rating, and a range of UTC days (inclusive)."""

    rating: int | None = None
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise DateRangeInvalid


@dataclass(frozen=True)
class Listed:
    """A message with the address of the account that sent it."""

    feedback: Feedback
    email: str


def create(
    session: Session, *, user_id: int, rating: int, text: str, path: str, now: datetime
) -> Feedback:
    feedback = Feedback(
        user_id=user_id, rating=rating, text=text.strip(), path=path, created_at=now
    )
    session.add(feedback)
    session.flush()
    return feedback


def _filtered(filters: Filters) -> Select[Feedback, str]:
    query = select(Feedback, User.email).join(User, User.id == Feedback.user_id)
    if filters.rating is not None:
        query = query.where(Feedback.rating == filters.rating)
    if filters.since is not None:
        query = query.where(Feedback.created_at >= datetime.combine(filters.since, time.min, UTC))
    if filters.until is not None:
        query = query.where(Feedback.created_at <= datetime.combine(filters.until, time.max, UTC))
    return query


def _newest_first(query: Select[Feedback, str]) -> Select[Feedback, str]:
    return query.order_by(Feedback.created_at.desc(), Feedback.id.desc())


def list_page(
    session: Session, *, filters: Filters, limit: int, offset: int
) -> tuple[list[Listed], int]:
    """The messages that match, newest first, and how many match in all."""
    query = _filtered(filters)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(_newest_first(query).limit(limit).offset(offset)).all()
    return [Listed(feedback=feedback, email=email) for feedback, email in rows], total


def export_rows(session: Session, *, filters: Filters) -> list[Listed]:
    """The newest MAX_EXPORT_ROWS messages that match."""
    rows = session.execute(_newest_first(_filtered(filters)).limit(MAX_EXPORT_ROWS)).all()
    return [Listed(feedback=feedback, email=email) for feedback, email in rows]


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(rows: Iterable[Listed]) -> str:
    """The rows as CSV, a header first; no cell can start a spreadsheet formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        item = row.feedback
        writer.writerow(
            _cell(value)
            for value in (
                item.id, item.created_at.isoformat(), item.rating, item.user_id, row.email,
                item.path, item.text,
            )
        )  # fmt: skip
    return out.getvalue()
