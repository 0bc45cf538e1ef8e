"""Every domain's models, imported in one place so Alembic and create_all see them all.

The tables below the domains, and the template's own later domains (the waitlist, feedback),
come first, apart from the domains' lines (which a new domain edits, and `copier update` must
merge): `jobs` arrives with the invites that refer to it.
"""

from __future__ import annotations

from .audit.models import AuditEntry  # noqa: F401 - the admin log
from .feedback.models import Feedback  # noqa: F401 - what signed-in users told the team
from .ratelimit.models import RateLimitWindow  # noqa: F401 - the shared rate limit counters
from .waitlist.models import WaitlistEntry  # noqa: F401 - people waiting for an invite

# isort: split
from .analytics.models import AnalyticsEvent
from .db import Base
from .invite.models import Invite
from .item.models import Item
from .user.models import User

__all__ = ["AnalyticsEvent", "Base", "Invite", "Item", "User"]
