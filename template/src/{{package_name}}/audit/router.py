from __future__ import annotations

from fastapi import APIRouter

from ..dependencies import SessionDep
from ..errors import error_responses
from ..pagination import Page, PageDep
from ..user import service as user_service
from ..user.dependencies import AdminUser
from . import service
from .models import AuditEntry
from .schemas import AuditEntryRead

router = APIRouter(prefix="/audit", tags=["audit"])


def _read(entry: AuditEntry, actors: dict[int, str]) -> AuditEntryRead:
    actor = actors.get(entry.actor_id) if entry.actor_id else None
    return AuditEntryRead(
        id=entry.id, at=entry.at, actor_id=entry.actor_id, actor=actor, action=entry.action,
        subject=entry.subject, detail=entry.detail,
    )  # fmt: skip


@router.get("", responses=error_responses(401, 403, 422))
def list_entries(_admin: AdminUser, session: SessionDep, page: PageDep) -> Page[AuditEntryRead]:
    """The audit log, newest first: which admin changed which account or invite, and when."""
    entries, total = service.list_page(session, limit=page.limit, offset=page.offset)
    actors = user_service.emails_by_id(
        session, user_ids={entry.actor_id for entry in entries if entry.actor_id}
    )
    return Page[AuditEntryRead](
        items=[_read(entry, actors) for entry in entries],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
