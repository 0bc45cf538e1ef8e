"""The admin pages: invite people one by one or from a CSV, resend or revoke, and the KPIs.

Every action goes through the same flows as the API and `invite` on the command line: the
same rules, the same messages, and the invitation e-mails queued for the worker.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..config import Settings
from ..dependencies import SessionDep, SettingsDep
from ..errors import AppError
from ..invite import flows as invite_flows
from ..invite import service as invite_service
from ..invite.dependencies import InviteId
from ..invite.exceptions import InviteImportError
from ..invite.schemas import InviteCreate
from ..invite.service import IssuedInvite
from ..kpi.report import DASHBOARD_DAYS, dashboard_sections
from ..user.models import User
from .dependencies import AdminPageUser, FormDep
from .forms import FieldErrors, validate
from .pages import render

router = APIRouter(prefix="/admin", include_in_schema=False)
LISTED_INVITES = 100


def _invites_page(
    request: Request, admin: User, session: Session, settings: Settings, *,
    issued: list[IssuedInvite] | None = None, errors: FieldErrors | None = None,
    problems: list[str] | None = None, email: str = "", skipped: list[str] | None = None,
    notice: str = "", status_code: int | None = None,
) -> HTMLResponse:  # fmt: skip
    """The invites page: the forms, what was just issued (codes are shown only now), the list."""
    now = datetime.now(UTC)
    invites, total = invite_service.list_page(session, limit=LISTED_INVITES, offset=0)
    accepted_ids = {invite.accepted_by_id for invite in invites if invite.accepted_by_id}
    found = session.execute(select(User.id, User.email).where(User.id.in_(accepted_ids)))
    accepted_by = {row.id: row.email for row in found}
    rows = [
        {
            "invite": invite,
            "status": invite.status_at(now),
            "user": accepted_by.get(invite.accepted_by_id or 0),
        }
        for invite in invites
    ]
    links = [
        (
            each.invite.email,
            str(request.url_for("signup_page").include_query_params(code=each.code)),
        )
        for each in issued or []
    ]
    failed = bool(errors or problems)
    return render(
        request, "admin/invites.html", settings=settings, user=admin, rows=rows, total=total,
        links=links, errors=errors or {}, problems=problems or [], email=email,
        skipped=skipped or [], notice=notice, max_upload_kib=settings.max_request_bytes // 1024,
        status_code=status_code or (400 if failed else 200),
    )  # fmt: skip


@router.get("/invites", response_class=HTMLResponse)
def invites(
    request: Request, admin: AdminPageUser, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    """Invites: send one, upload a CSV of them, and see who accepted."""
    return _invites_page(request, admin, session, settings)


@router.post("/invites", response_class=HTMLResponse)
def create_invite(
    request: Request, form: FormDep, admin: AdminPageUser, session: SessionDep,
    settings: SettingsDep,
) -> HTMLResponse:  # fmt: skip
    """Invite one person by e-mail and show the invite link."""
    email = form.get("email").strip()
    body, errors = validate(InviteCreate, {"email": email})
    if body is not None:
        try:
            issued = invite_flows.create_invite(
                session, email=body.email, created_by_id=admin.id,
                valid_days=settings.invite_valid_days, now=datetime.now(UTC), channel="web",
            )  # fmt: skip
        except AppError as error:  # already registered, or an invite is pending
            errors["email"] = error.message
        else:
            return _invites_page(request, admin, session, settings, issued=[issued])
    return _invites_page(request, admin, session, settings, errors=errors, email=email)


@router.post("/invites/import", response_class=HTMLResponse)
def import_invites(
    request: Request, form: FormDep, admin: AdminPageUser, session: SessionDep,
    settings: SettingsDep,
) -> HTMLResponse:  # fmt: skip
    """Import a CSV of invites, all or nothing, naming every bad line."""
    data = form.files.get("csv_file", b"")
    if not data:
        errors = {"csv_file": "Choose a CSV file with an 'email' column."}
        return _invites_page(request, admin, session, settings, errors=errors)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        errors = {"csv_file": "The file is not UTF-8 text; save it as CSV (UTF-8) and retry."}
        return _invites_page(request, admin, session, settings, errors=errors)
    try:
        result = invite_flows.import_invites(
            session, text=text, created_by_id=admin.id, valid_days=settings.invite_valid_days,
            now=datetime.now(UTC), channel="web",
        )  # fmt: skip
    except InviteImportError as error:
        return _invites_page(request, admin, session, settings, problems=error.problems)
    return _invites_page(
        request, admin, session, settings, issued=result.created, skipped=result.skipped
    )


@router.post("/invites/{invite_id}/{action}", response_class=HTMLResponse)
def change_invite(
    request: Request, invite_id: InviteId, action: Literal["resend", "revoke"], *,
    _form: FormDep, admin: AdminPageUser, session: SessionDep, settings: SettingsDep,
) -> HTMLResponse:  # fmt: skip
    """Send an unused invite again (a new link) or withdraw it."""
    now = datetime.now(UTC)
    try:
        invite = invite_service.get(session, invite_id=invite_id)
        if action == "resend":
            invite_flows.resend_invite(
                session, invite=invite, valid_days=settings.invite_valid_days, now=now,
                actor_id=admin.id,
            )  # fmt: skip
            notice = f"A new invitation to {invite.email} is queued; the old link no longer works."
        else:
            invite_flows.revoke_invite(session, invite=invite, now=now, actor_id=admin.id)
            notice = f"The invite of {invite.email} is revoked; its link no longer works."
    except AppError as error:
        return _invites_page(
            request, admin, session, settings, notice=error.message,
            status_code=error.status_code,
        )  # fmt: skip
    return _invites_page(request, admin, session, settings, notice=notice)


@router.get("/kpis", response_class=HTMLResponse)
def kpis(
    request: Request,
    admin: AdminPageUser,
    session: SessionDep,
    settings: SettingsDep,
    day: Annotated[date | None, Query(alias="date")] = None,
) -> HTMLResponse:
    """The KPI dashboard of the kpi module, inside the site's layout and style sheet."""
    shown = day or datetime.now(UTC).date()
    # The sections are built with every value escaped (kpi/report.py).
    sections = Markup(dashboard_sections(session, shown))  # noqa: S704  # nosec B704
    return render(
        request, "admin/kpis.html", settings=settings, user=admin, sections=sections,
        day=shown, days=DASHBOARD_DAYS,
    )  # fmt: skip
