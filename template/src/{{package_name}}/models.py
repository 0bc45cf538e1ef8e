"""Every domain's models, imported in one place so Alembic and create_all see them all.

The tables below the domains come along: `jobs` with the invites that refer to it, the audit
log with the import below (kept out of `__all__`, the line a new domain edits).
"""

from __future__ import annotations

from .analytics.models import AnalyticsEvent
from .audit.models import AuditEntry  # noqa: F401 - registers the audit table
from .db import Base
from .invite.models import Invite
from .item.models import Item
from .user.models import User

__all__ = ["AnalyticsEvent", "Base", "Invite", "Item", "User"]
