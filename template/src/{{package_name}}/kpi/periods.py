"""UTC days and windows of days, shared by the KPI queries and the funnel."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def window(day: date, days: int) -> tuple[datetime, datetime]:
    """[start of the first day, start of the day after `day`) for `days` days ending on `day`."""
    return start_of(day - timedelta(days=days - 1)), start_of(day + timedelta(days=1))


def ratio(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else numerator / denominator
