from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow


class AnalyticsEvent(Base):
    """One event, written in the transaction of the change it describes (the outbox).

    Rows are the product's own analytics store; a forwarder, when configured, also copies
    them to an outside sink and stamps `forwarded_at`, or `set_aside_at` when the sink refused
    their batch for good (`last_error` says why; `analytics requeue` sends them again).
    `user_id` has no foreign key on purpose: deleting a user anonymises their events instead
    of deleting history.
    """

    __tablename__ = "analytics_events"
    __table_args__ = (
        Index("ix_analytics_events_name_occurred_at", "name", "occurred_at"),
        Index("ix_analytics_events_user_id_occurred_at", "user_id", "occurred_at"),
        Index("ix_analytics_events_forwarded_at_id", "forwarded_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(8))
    user_id: Mapped[int | None] = mapped_column()
    anonymous_id: Mapped[str | None] = mapped_column(String(64))
    properties: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    forward_attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    set_aside_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
