"""The beta funnel: joined the waitlist -> invited -> signed up -> activated -> gave feedback.

Each step counts what happened in a period of whole UTC days: `joined` the waitlist_joined
events, `invited` the invites created (their e-mail is queued with them), `signed_up` the
user_signed_up events of accounts that still exist (as the `signups` KPI counts them),
`activated` the users who signed up in the period and created their first item within a day
of it, before the period's end, and `gave_feedback` the distinct users with a feedback_sent
event. A conversion is a step's count over the previous step's (none after a zero). The
periods are not cohorts: people invited this week may have joined the waitlist last month, so
a conversion above 100% is possible and means the step drew on earlier periods.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from ..analytics.models import AnalyticsEvent
from ..invite.models import Invite
from .periods import ratio, window

STEPS = ("joined", "invited", "signed_up", "activated", "gave_feedback")
PERIODS = (1, 7, 28)
ACTIVATION_WITHIN = timedelta(days=1)


def _events(name: str, start: datetime, end: datetime) -> Any:
    return select(AnalyticsEvent).where(
        AnalyticsEvent.name == name, AnalyticsEvent.occurred_at >= start,
        AnalyticsEvent.occurred_at < end,
    )  # fmt: skip


def count_events(session: Session, name: str, start: datetime, end: datetime) -> int:
    statement = _events(name, start, end).with_only_columns(func.count())
    return session.scalar(statement) or 0


def signed_up_events(start: datetime, end: datetime) -> Any:
    """Sign-ups of accounts that still exist: a deleted account's events lose their user id."""
    return _events("user_signed_up", start, end).where(AnalyticsEvent.user_id.is_not(None))


def signups(session: Session, start: datetime, end: datetime) -> int:
    return session.scalar(signed_up_events(start, end).with_only_columns(func.count())) or 0


def invites_sent(session: Session, start: datetime, end: datetime) -> int:
    """Invites created in [start, end): the invitation e-mail is queued with the invite."""
    statement = select(func.count()).where(Invite.created_at >= start, Invite.created_at < end)
    return session.scalar(statement) or 0


def first_per_user(statement: Any) -> Any:
    return statement.with_only_columns(
        AnalyticsEvent.user_id, func.min(AnalyticsEvent.occurred_at)
    ).group_by(AnalyticsEvent.user_id)


def activated(session: Session, start: datetime, end: datetime, *, until: datetime) -> int:
    """Users who signed up in [start, end) and made a first item within a day, before `until`."""
    signed_up = signed_up_events(start, end)
    cohort = dict(session.execute(first_per_user(signed_up)).all())
    # A first item always follows the sign-up, so the items from `start` on hold every first one.
    items = _events("item_created", start, until).where(
        AnalyticsEvent.user_id.in_(signed_up.with_only_columns(AnalyticsEvent.user_id))
    )
    return sum(
        1
        for user_id, first in session.execute(first_per_user(items)).all()
        if as_utc(first) - as_utc(cohort[user_id]) <= ACTIVATION_WITHIN
    )


def feedback_givers(session: Session, start: datetime, end: datetime) -> int:
    statement = _events("feedback_sent", start, end).with_only_columns(
        func.count(distinct(AnalyticsEvent.user_id))
    )
    return session.scalar(statement) or 0


def feedback_ratings(session: Session, start: datetime, end: datetime) -> list[int]:
    """The ratings of the feedback sent in [start, end) (the text never leaves its own table)."""
    statement = _events("feedback_sent", start, end).with_only_columns(AnalyticsEvent.properties)
    return [int(properties["rating"]) for properties in session.scalars(statement)]


def as_utc(value: datetime) -> datetime:
    """Aggregates bypass the column type, so SQLite hands them back naive; they are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Step:
    name: str
    count: int
    # This step's count over the previous step's; None for the first step or after a zero.
    conversion: float | None


def funnel(session: Session, day: date, days: int) -> list[Step]:
    """Every step of the funnel over the `days` days ending on `day`."""
    start, end = window(day, days)
    counts = [
        count_events(session, "waitlist_joined", start, end),
        invites_sent(session, start, end),
        signups(session, start, end),
        activated(session, start, end, until=end),
        feedback_givers(session, start, end),
    ]
    previous: list[int | None] = [None, *counts[:-1]]
    return [
        Step(name, count, None if before is None else ratio(count, before))
        for name, count, before in zip(STEPS, counts, previous, strict=True)
    ]


def funnel_report(session: Session, day: date) -> list[dict[str, Any]]:
    """The funnel for the day and for the 7 and 28 days ending on it, as plain data."""
    return [
        {"days": days, "steps": [asdict(step) for step in funnel(session, day, days)]}
        for days in PERIODS
    ]
