"""Every domain's models, imported in one place so Alembic and create_all see them all."""

from __future__ import annotations

from .analytics.models import AnalyticsEvent
from .audit.models import AuditEntry
from .db import Base
from .invite.models import Invite
from .item.models import Item
from .jobs.models import Job
from .ratelimit.models import RateLimitWindow
from .user.models import User

__all__ = [
    "AnalyticsEvent",
    "AuditEntry",
    "Base",
    "Invite",
    "Item",
    "Job",
    "RateLimitWindow",
    "User",
]
