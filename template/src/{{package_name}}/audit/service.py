"""Recording and reading the audit log.

`record` only adds to the caller's session, like `jobs.enqueue`: the entry commits with the
change it describes, or not at all, so the log never claims a change that was rolled back.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import utcnow
from .models import AuditEntry

Action = Literal[
    "user.deactivated",
    "user.reactivated",
    "user.admin_granted",
    "user.admin_removed",
    "user.password_reset_sent",
    "invite.created",
    "invite.resent",
    "invite.revoked",
]


def record(
    session: Session, *, actor_id: int | None, action: Action, subject: str,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:  # fmt: skip
    """Adds one entry to the caller's transaction; `actor_id` None is the command line."""
    entry = AuditEntry(
        actor_id=actor_id, action=action, subject=subject[:400], detail=detail or {},
        at=utcnow(),
    )  # fmt: skip
    session.add(entry)
    return entry


def list_page(session: Session, *, limit: int, offset: int) -> tuple[list[AuditEntry], int]:
    """Entries newest first (by id, which follows commit order closely enough), and the count."""
    total = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    entries = session.scalars(
        select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
    ).all()
    return list(entries), total
