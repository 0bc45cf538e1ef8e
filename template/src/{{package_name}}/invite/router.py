from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, status

from ..dependencies import SessionDep, SettingsDep
from ..errors import error_responses
from ..pagination import Page, PageDep
from ..user.dependencies import AdminUser
from . import flows, service
from .dependencies import InviteId
from .models import Invite
from .schemas import InviteCreate, InviteCreated, InviteRead

router = APIRouter(prefix="/invites", tags=["invites"])


def _read(invite: Invite, now: datetime) -> InviteRead:
    return InviteRead(
        id=invite.id,
        email=invite.email,
        status=invite.status_at(now),
        created_at=invite.created_at,
        expires_at=invite.expires_at,
        send_error=invite.send_error,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(400, 401, 403, 409, 413, 422),
)
def create_invite(
    body: InviteCreate, admin: AdminUser, session: SessionDep, settings: SettingsDep
) -> InviteCreated:
    """Invite one person: the invitation e-mail is queued; the code is shown only here."""
    now = datetime.now(UTC)
    issued = flows.create_invite(
        session,
        email=body.email,
        created_by_id=admin.id,
        valid_days=settings.invite_valid_days,
        now=now,
        channel="api",
    )
    return InviteCreated(**_read(issued.invite, now).model_dump(), code=issued.code)


@router.post("/{invite_id}/resend", responses=error_responses(401, 403, 404, 409, 422))
def resend_invite(
    invite_id: InviteId, admin: AdminUser, session: SessionDep, settings: SettingsDep
) -> InviteRead:
    """E-mail an unused invite again with a new code and expiry; the old link stops working."""
    now = datetime.now(UTC)
    invite = service.get(session, invite_id=invite_id)
    issued = flows.resend_invite(
        session, invite=invite, valid_days=settings.invite_valid_days, now=now, actor_id=admin.id
    )
    return _read(issued.invite, now)


@router.post("/{invite_id}/revoke", responses=error_responses(401, 403, 404, 409, 422))
def revoke_invite(invite_id: InviteId, admin: AdminUser, session: SessionDep) -> InviteRead:
    """Withdraw an unused invite: its link stops working at once."""
    now = datetime.now(UTC)
    invite = flows.revoke_invite(
        session, invite=service.get(session, invite_id=invite_id), now=now, actor_id=admin.id
    )
    return _read(invite, now)


@router.get("", responses=error_responses(401, 403, 422))
def list_invites(_admin: AdminUser, session: SessionDep, page: PageDep) -> Page[InviteRead]:
    """Every invite, newest first, with its status and, if its e-mail failed, why."""
    now = datetime.now(UTC)
    invites, total = service.list_page(session, limit=page.limit, offset=page.offset)
    return Page[InviteRead](
        items=[_read(invite, now) for invite in invites],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
