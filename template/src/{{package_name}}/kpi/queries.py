"""KPI queries: each takes a UTC day and returns a number, or None when it is undefined.

They run on the analytics events (and the invites table for conversion) with portable SQL,
so the same code gives the same answer on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from sqlalchemy import and_, distinct, func, select
from sqlalchemy.orm import Session

from ..analytics.models import AnalyticsEvent
from ..invite.models import Invite

KPIS_PATH = Path(__file__).with_name("kpis.yaml")
Value = float | None


@dataclass(frozen=True)
class KpiDefinition:
    name: str
    description: str
    formula: str
    unit: Literal["users", "ratio"]
    target: float
    target_direction: Literal["at_least", "at_most"]

    def meets_target(self, value: Value) -> bool | None:
        if value is None:
            return None
        return value >= self.target if self.target_direction == "at_least" else value <= self.target


@lru_cache
def load_definitions(path: Path = KPIS_PATH) -> dict[str, KpiDefinition]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {name: KpiDefinition(name=name, **spec) for name, spec in data["kpis"].items()}


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _window(day: date, days: int) -> tuple[datetime, datetime]:
    """[start of the first day, start of the day after `day`) for `days` days ending on `day`."""
    return _start(day - timedelta(days=days - 1)), _start(day + timedelta(days=1))


def _ratio(numerator: int, denominator: int) -> Value:
    return None if denominator == 0 else numerator / denominator


def _active_users(session: Session, day: date, days: int) -> int:
    start, end = _window(day, days)
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
    return select(AnalyticsEvent.user_id, AnalyticsEvent.occurred_at).where(
        AnalyticsEvent.name == "user_signed_up",
        AnalyticsEvent.user_id.is_not(None),
        AnalyticsEvent.occurred_at >= start,
        AnalyticsEvent.occurred_at < end,
    )


def signups(session: Session, day: date) -> Value:
    start, end = _window(day, 1)
    return float(
        session.scalar(select(func.count()).select_from(_signed_up(start, end).subquery())) or 0
    )


def activation_rate(session: Session, day: date) -> Value:
    start, end = _window(day, 7)
    cohort = session.execute(_signed_up(start, end)).all()
    activated = 0
    for user_id, signed_up_at in cohort:
        first_item = session.scalar(
            select(func.min(AnalyticsEvent.occurred_at)).where(
                AnalyticsEvent.name == "item_created", AnalyticsEvent.user_id == user_id
            )
        )
        if first_item is not None:
            first_item = first_item if first_item.tzinfo else first_item.replace(tzinfo=UTC)
            if first_item < min(signed_up_at + timedelta(days=7), end):
                activated += 1
    return _ratio(activated, len(cohort))


def dau(session: Session, day: date) -> Value:
    return float(_active_users(session, day, 1))


def wau(session: Session, day: date) -> Value:
    return float(_active_users(session, day, 7))


def mau(session: Session, day: date) -> Value:
    return float(_active_users(session, day, 30))


def _retention(session: Session, day: date, age: int) -> Value:
    cohort_start, cohort_end = _window(day - timedelta(days=age), 1)
    active_start, active_end = _window(day, 1)
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
    return _ratio(retained, size)


def retention_d1(session: Session, day: date) -> Value:
    return _retention(session, day, 1)


def retention_d7(session: Session, day: date) -> Value:
    return _retention(session, day, 7)


def retention_d30(session: Session, day: date) -> Value:
    return _retention(session, day, 30)


def invite_conversion(session: Session, day: date) -> Value:
    start, end = _window(day, 30)
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
    return _ratio(accepted, created)


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
}
