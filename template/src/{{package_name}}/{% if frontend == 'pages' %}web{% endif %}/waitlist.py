"""The waitlist pages: the public form and leave link, and the admin's list with its invite
button. Each calls the same flows as the API and `waitlist` on the command line.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from ..config import Settings
from ..dependencies import SessionDep, SettingsDep
from ..errors import AppError, TooManyRequests
from ..ratelimit.dependencies import LimiterDep
from ..user.models import User
from ..waitlist import flows, service
from ..waitlist.exceptions import LeaveLinkInvalid
from ..waitlist.schemas import WaitlistInvite, WaitlistJoin
from .dependencies import AdminPageUser, FormDep, PageUser
from .forms import FieldErrors, validate
from .pages import redirect, refused, render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
Search = Annotated[str, Query(max_length=200, pattern=r"^[^\x00]*$")]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


def _join_form(
    request: Request, settings: Settings, user: User | None, values: dict[str, str],
    errors: FieldErrors, *, status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    return render(
        request, "waitlist.html", settings=settings, user=user, values=values, errors=errors,
        status_code=status_code,
    )  # fmt: skip


@router.get("/waitlist", response_class=HTMLResponse)
def waitlist_page(request: Request, user: PageUser, settings: SettingsDep) -> HTMLResponse:
    """Ask for an invite: an e-mail address and, if you like, what you want the product for."""
    return _join_form(request, settings, user, {"email": "", "note": ""}, {})


@router.post("/waitlist", response_class=HTMLResponse)
def join_waitlist(
    request: Request, form: FormDep, session: SessionDep, settings: SettingsDep,
    limiter: LimiterDep,
) -> Response:  # fmt: skip
    """Join the waitlist; the next page reads the same whether or not the address was listed."""
    values = {"email": form.get("email").strip(), "note": form.get("note")}
    body, errors = validate(WaitlistJoin, {**values})
    if body is None:
        return _join_form(request, settings, None, values, errors, status_code=400)
    try:
        limiter.join_waitlist()
    except TooManyRequests as error:
        page = _join_form(request, settings, None, values, {"email": error.message})
        return refused(page, error)
    flows.join(session, email=body.email, note=body.note, now=datetime.now(UTC), channel="web")
    return redirect("/?notice=waitlist-joined")


# The e-mailed link only shows a form: mail scanners open links, and a GET that deleted the
# entry would let one take a person off the list. The code rides after `#` in the link: the
# pages' script fills it in, or the person pastes it from the e-mail.
@router.get("/waitlist/leave", response_class=HTMLResponse)
def leave_page(request: Request, user: PageUser, settings: SettingsDep) -> HTMLResponse:
    """The confirmation e-mail's link: the leave code and one button that leaves the list."""
    return render(request, "waitlist_leave.html", settings=settings, user=user, error="")


@router.post("/waitlist/leave", response_class=HTMLResponse)
def leave_waitlist(
    request: Request, form: FormDep, session: SessionDep, settings: SettingsDep
) -> Response:
    """Delete the entry of the link's token, then say so on the landing page."""
    token = form.get("token")[:128]
    try:
        flows.leave(session, token=token)
    except LeaveLinkInvalid as error:
        return render(
            request, "waitlist_leave.html", settings=settings, user=None, error=error.message,
            status_code=error.status_code,
        )  # fmt: skip
    return redirect("/?notice=waitlist-left")


def _admin_page(
    request: Request, admin: User, session: Session, settings: Settings, *, q: str,
    offset: int = 0, message: str = "", reported: list[str] | None = None,
    failed: bool = False, status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    entries, total = service.list_page(session, search=q, limit=PAGE_SIZE, offset=offset)
    return render(
        request, "admin/waitlist.html", settings=settings, user=admin, entries=entries,
        total=total, counts=service.counts(session), q=q, offset=offset, page_size=PAGE_SIZE,
        message=message, reported=reported or [], failed=failed, status_code=status_code,
    )  # fmt: skip


@router.get("/admin/waitlist", response_class=HTMLResponse)
def admin_waitlist(
    request: Request, admin: AdminPageUser, session: SessionDep, settings: SettingsDep, *,
    q: Search = "", offset: Offset = 0,
) -> HTMLResponse:  # fmt: skip
    """The waitlist, newest first, searchable by address and note, with its counts."""
    return _admin_page(request, admin, session, settings, q=q, offset=offset)


@router.post("/admin/waitlist/invite", response_class=HTMLResponse)
def invite_from_waitlist(
    request: Request, form: FormDep, admin: AdminPageUser, session: SessionDep,
    settings: SettingsDep,
) -> HTMLResponse:  # fmt: skip
    """Invite the ticked entries in one go; those with an account or open invite are listed."""
    q = form.get("q")[:200].replace("\x00", "")
    ids = [int(value) for value in form.get_all("ids") if value.isascii() and value.isdigit()]
    body, errors = validate(WaitlistInvite, {"ids": ids})
    if body is None:
        message = "Tick at least one person to invite." if not ids else next(iter(errors.values()))
        return _admin_page(
            request, admin, session, settings, q=q, message=message, failed=True,
            status_code=400,
        )  # fmt: skip
    try:
        result = flows.invite(
            session, entries=service.get_many(session, ids=body.ids), admin_id=admin.id,
            valid_days=settings.invite_valid_days, now=datetime.now(UTC), channel="web",
        )  # fmt: skip
    except AppError as error:  # an entry left the list meanwhile
        return _admin_page(
            request, admin, session, settings, q=q, message=error.message, failed=True,
            status_code=error.status_code,
        )  # fmt: skip
    invited = ", ".join(entry.email for entry in result.invited) or "no one"
    message = f"Invited {invited}; the invitation e-mails are queued."
    return _admin_page(
        request, admin, session, settings, q=q, message=message, reported=result.not_invited
    )
