"""KPI queries: each takes a UTC day and returns a number, or None when it is undefined.

They run on the analytics events (and the invites and waitlist tables where events cannot link
people without personal data) with portable SQL, so the same code gives the same answer on
SQLite and PostgreSQL; a median is taken in Python over a query bounded by its window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from statistics import mean, median
from typing import Any, Literal

from sqlalchemy import and_, distinct, func, select
from sqlalchemy.orm import Session

from ..analytics.models import AnalyticsEvent
from ..invite.models import Invite
from ..schemas import DefinitionModel, NamedDefinition, load_definitions_file, name_entries
from ..waitlist.models import WaitlistEntry
from . import funnel
from .periods import ratio, window

KPIS_PATH = Path(__file__).with_name("kpis.yaml")
Value = float | None


class KpiDefinition(NamedDefinition):
    """A KPI of kpis.yaml; its name is its key there, and the name of its function here."""

    description: str
    formula: str
    unit: Literal["users", "ratio", "count", "hours", "rating"]
    target: float
    target_direction: Literal["at_least", "at_most"]

    def meets_target(self, value: Value) -> bool | None:
        if value is None:
            return None
        return value >= self.target if self.target_direction == "at_least" else value <= self.target


class KpiDefinitions(DefinitionModel):
    """kpis.yaml: every KPI by its name."""

    kpis: dict[str, KpiDefinition]

    def model_post_init(self, _context: Any, /) -> None:
        name_entries(self.kpis)


@lru_cache
def load_definitions(path: Path = KPIS_PATH) -> dict[str, KpiDefinition]:
    """The KPIs of `path`; a DefinitionError names the file, the KPI and the field."""
    return load_definitions_file(KpiDefinitions, path, entries={"kpis": "KPI"}).kpis


def _active_users(session: Session, day: date, days: int) -> int:
    start, end = window(day, days)
    return (
        session.scalar(
            select(func.count(distinct(AnalyticsEvent.user_id))).where(
                AnalyticsEvent.user_id.is_not(None),
                AnalyticsEvent.occurred_at >= start,
                AnalyticsEvent.occurred_at < end,
            )
        )
        or 0
    )


def _signed_up(start: datetime, end: datetime) -> Any:
    """Each sign-up in [start, end) of an account that still exists: its user and its time."""
    return funnel.signed_up_events(start, end).with_only_columns(
        AnalyticsEvent.user_id, AnalyticsEvent.occurred_at
    )


def signups(session: Session, day: date) -> Value:
    return float(funnel.signups(session, *window(day, 1)))


def activation_rate(session: Session, day: date) -> Value:
    start, end = window(day, 7)
    cohort = session.execute(_signed_up(start, end)).all()
    # Each of the cohort's first item, in one query (not one a person).
    cohort_ids = _signed_up(start, end).with_only_columns(AnalyticsEvent.user_id)
    items = select(AnalyticsEvent).where(
        AnalyticsEvent.name == "item_created", AnalyticsEvent.user_id.in_(cohort_ids)
    )
    first_items = dict(session.execute(funnel.first_per_user(items)).all())
    activated = sum(
        1
        for user_id, signed_up_at in cohort
        if user_id in first_items
        and funnel.as_utc(first_items[user_id]) < min(signed_up_at + timedelta(days=7), end)
    )
    return ratio(activated, len(cohort))


def dau(session: Session, day: date) -> Value:
    return float(_active_users(session, day, 1))


def wau(session: Session, day: date) -> Value:
    return float(_active_users(session, day, 7))


def mau(session: Session, day: date) -> Value:
    return float(_active_users(session, day, 30))


def _retention(session: Session, day: date, age: int) -> Value:
    cohort_start, cohort_end = window(day - timedelta(days=age), 1)
    active_start, active_end = window(day, 1)
    cohort = _signed_up(cohort_start, cohort_end).subquery()
    size = session.scalar(select(func.count(distinct(cohort.c.user_id)))) or 0
    retained = (
        session.scalar(
            select(func.count(distinct(cohort.c.user_id))).where(
                select(AnalyticsEvent.id)
                .where(
                    and_(
                        AnalyticsEvent.user_id == cohort.c.user_id,
                        AnalyticsEvent.occurred_at >= active_start,
                        AnalyticsEvent.occurred_at < active_end,
                    )
                )
                .exists()
            )
        )
        or 0
    )
    return ratio(retained, size)


def retention_d1(session: Session, day: date) -> Value:
    return _retention(session, day, 1)


def retention_d7(session: Session, day: date) -> Value:
    return _retention(session, day, 7)


def retention_d30(session: Session, day: date) -> Value:
    return _retention(session, day, 30)


def invite_conversion(session: Session, day: date) -> Value:
    start, end = window(day, 30)
    in_window = and_(Invite.created_at >= start, Invite.created_at < end)
    created = session.scalar(select(func.count()).select_from(Invite).where(in_window)) or 0
    accepted = (
        session.scalar(
            select(func.count())
            .select_from(Invite)
            .where(in_window, Invite.accepted_at.is_not(None), Invite.accepted_at < end)
        )
        or 0
    )
    return ratio(accepted, created)


def waitlist_joins(session: Session, day: date) -> Value:
    return float(funnel.count_events(session, "waitlist_joined", *window(day, 1)))


def invites_sent(session: Session, day: date) -> Value:
    return float(funnel.invites_sent(session, *window(day, 1)))


def invite_acceptance_rate(session: Session, day: date) -> Value:
    # Invites sent on D-13..D-7: each has had its full 7 days by the end of D.
    start, end = window(day - timedelta(days=7), 7)
    rows = session.execute(
        select(Invite.created_at, Invite.accepted_at).where(
            Invite.created_at >= start, Invite.created_at < end
        )
    )
    sent = accepted = 0
    for created_at, accepted_at in rows:
        sent += 1
        accepted += accepted_at is not None and accepted_at - created_at <= timedelta(days=7)
    return ratio(accepted, sent)


def activation_d1(session: Session, day: date) -> Value:
    # Signed up on D-1: each has had a full day to create an item by the end of D.
    start, end = window(day - timedelta(days=1), 1)
    signed_up = funnel.signups(session, start, end)
    return ratio(funnel.activated(session, start, end, until=window(day, 1)[1]), signed_up)


def feedback_count(session: Session, day: date) -> Value:
    return float(funnel.count_events(session, "feedback_sent", *window(day, 1)))


def feedback_rating(session: Session, day: date) -> Value:
    ratings = funnel.feedback_ratings(session, *window(day, 7))
    return float(mean(ratings)) if ratings else None


def waitlist_to_signup_hours(session: Session, day: date) -> Value:
    # Events carry no address to link a join to a sign-up, so the tables do: the waitlist row
    # names its invite, and the invite's acceptance is the sign-up (the same transaction).
    start, end = window(day, 28)
    rows = session.execute(
        select(WaitlistEntry.created_at, Invite.accepted_at)
        .join(Invite, WaitlistEntry.invite_id == Invite.id)
        .where(Invite.accepted_at >= start, Invite.accepted_at < end)
    )
    hours = [
        (signed_up - joined).total_seconds() / 3600
        for joined, signed_up in rows
        if signed_up is not None  # always, by the query; mypy cannot know it
    ]
    return float(median(hours)) if hours else None


CALCULATIONS: dict[str, Callable[[Session, date], Value]] = {
    "signups": signups,
    "activation_rate": activation_rate,
    "dau": dau,
    "wau": wau,
    "mau": mau,
    "retention_d1": retention_d1,
    "retention_d7": retention_d7,
    "retention_d30": retention_d30,
    "invite_conversion": invite_conversion,
    "waitlist_joins": waitlist_joins,
    "invites_sent": invites_sent,
    "invite_acceptance_rate": invite_acceptance_rate,
    "activation_d1": activation_d1,
    "feedback_count": feedback_count,
    "feedback_rating": feedback_rating,
    "waitlist_to_signup_hours": waitlist_to_signup_hours,
}
