from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from ..dependencies import SessionDep, SettingsDep
from ..errors import error_responses
from ..pagination import PageDep
from ..ratelimit.dependencies import LimiterDep
from ..user.dependencies import AdminUser
from ..user.schemas import Accepted
from . import flows, service
from .models import WaitlistEntry
from .schemas import (
    WaitlistCounts,
    WaitlistEntryRead,
    WaitlistInvite,
    WaitlistInvited,
    WaitlistJoin,
    WaitlistLeave,
    WaitlistPage,
)

router = APIRouter(prefix="/waitlist", tags=["waitlist"])
# The one answer to every valid request, whether or not the address was already listed.
JOINED = (
    "Thank you: the address is on the waitlist. A confirmation with a link to leave the list "
    "is on its way; an invitation follows when a place opens."
)
Search = Annotated[
    str,
    Query(
        max_length=200,
        pattern=r"^[^\x00]*$",  # PostgreSQL cannot compare text with a NUL in it
        description="Only entries whose address or note contains this text (any case).",
    ),
]


def read(entry: WaitlistEntry) -> WaitlistEntryRead:
    return WaitlistEntryRead.model_validate(entry, from_attributes=True)


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(400, 413, 422, 429),
)
def join_waitlist(body: WaitlistJoin, session: SessionDep, limiter: LimiterDep) -> Accepted:
    """Ask for an invite; the answer is the same whether or not the address was listed."""
    limiter.join_waitlist()
    flows.join(session, email=body.email, note=body.note, now=datetime.now(UTC), channel="api")
    return Accepted(detail=JOINED)


@router.post(
    "/leave",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(400, 404, 413, 422),
)
def leave_waitlist(body: WaitlistLeave, session: SessionDep) -> None:
    """Leave the waitlist with the token of the confirmation e-mail's link; the entry is deleted."""
    flows.leave(session, token=body.token)


@router.get("", responses=error_responses(401, 403, 422))
def list_waitlist(
    _admin: AdminUser, session: SessionDep, page: PageDep, q: Search = ""
) -> WaitlistPage:
    """The waitlist, newest first, searchable by address and note, with its counts."""
    entries, total = service.list_page(session, search=q, limit=page.limit, offset=page.offset)
    counts = service.counts(session)
    return WaitlistPage(
        items=[read(entry) for entry in entries], total=total, limit=page.limit,
        offset=page.offset, counts=WaitlistCounts.model_validate(counts, from_attributes=True),
    )  # fmt: skip


@router.post("/invite", responses=error_responses(400, 401, 403, 404, 413, 422))
def invite_from_waitlist(
    body: WaitlistInvite, admin: AdminUser, session: SessionDep, settings: SettingsDep
) -> WaitlistInvited:
    """Invite the selected entries: each invitation is e-mailed and the rows marked invited."""
    result = flows.invite(
        session, entries=service.get_many(session, ids=body.ids), admin_id=admin.id,
        valid_days=settings.invite_valid_days, now=datetime.now(UTC), channel="api",
    )  # fmt: skip
    return WaitlistInvited(
        invited=[read(entry) for entry in result.invited], not_invited=result.not_invited
    )
