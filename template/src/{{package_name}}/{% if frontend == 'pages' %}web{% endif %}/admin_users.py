"""The admin's user management pages: every account, search, deactivate, reactivate, admin
rights, and the audit log of those changes.

Each button posts to a route that calls the same flow as the API and `user` on the command
line: the same rules (never yourself, never the last active admin) and the same messages.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from ..audit import service as audit_service
from ..config import Settings
from ..dependencies import SessionDep, SettingsDep
from ..errors import AppError
from ..user import flows as user_flows
from ..user import service as user_service
from ..user.dependencies import UserId
from ..user.models import User
from .dependencies import AdminPageUser, FormDep
from .pages import render

router = APIRouter(prefix="/admin", include_in_schema=False)
PAGE_SIZE = 50
Action = Literal["deactivate", "reactivate", "grant-admin", "remove-admin", "send-reset"]
_FLOWS = {
    "deactivate": (user_flows.deactivate, "{} is deactivated; their sessions have ended."),
    "reactivate": (user_flows.reactivate, "{} is active again and can log in."),
    "grant-admin": (user_flows.grant_admin, "{} is now an admin."),
    "remove-admin": (user_flows.remove_admin, "{} is no longer an admin."),
    "send-reset": (user_flows.send_password_reset, "A password reset link is on its way to {}."),
}
Search = Annotated[str, Query(max_length=320, pattern=r"^[^\x00]*$")]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


def _users_page(
    request: Request, admin: User, session: Session, settings: Settings, *, q: str,
    offset: int, message: str = "", failed: bool = False, status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    users, total = user_service.list_page(session, search=q, limit=PAGE_SIZE, offset=offset)
    return render(
        request, "admin/users.html", settings=settings, user=admin, users=users, total=total,
        q=q, offset=offset, page_size=PAGE_SIZE, message=message, failed=failed,
        status_code=status_code,
    )  # fmt: skip


@router.get("/users", response_class=HTMLResponse)
def users(
    request: Request, admin: AdminPageUser, session: SessionDep, settings: SettingsDep, *,
    q: Search = "", offset: Offset = 0,
) -> HTMLResponse:  # fmt: skip
    """Every account, newest first, searchable by e-mail address, with its buttons."""
    return _users_page(request, admin, session, settings, q=q, offset=offset)


@router.post("/users/{user_id}/{action}", response_class=HTMLResponse)
def change_user(
    request: Request, user_id: UserId, action: Action, *, form: FormDep,
    admin: AdminPageUser, session: SessionDep, settings: SettingsDep,
) -> HTMLResponse:  # fmt: skip
    """Deactivate, reactivate, grant or remove admin rights; the list is shown again."""
    flow, done = _FLOWS[action]
    q = form.get("q")[:320].replace("\x00", "")
    try:
        user = flow(session, user=user_service.require(session, user_id=user_id), actor_id=admin.id)
    except AppError as error:  # yourself, the last admin, or no such user
        session.rollback()
        return _users_page(
            request, admin, session, settings, q=q, offset=0, message=error.message,
            failed=True, status_code=error.status_code,
        )  # fmt: skip
    return _users_page(
        request, admin, session, settings, q=q, offset=0, message=done.format(user.email)
    )


@router.get("/audit", response_class=HTMLResponse)
def audit(
    request: Request, admin: AdminPageUser, session: SessionDep, settings: SettingsDep, *,
    offset: Offset = 0,
) -> HTMLResponse:  # fmt: skip
    """The audit log, newest first: when, which admin (or the command line), what, to whom."""
    entries, total = audit_service.list_page(session, limit=PAGE_SIZE, offset=offset)
    actors = user_service.emails_by_id(
        session, user_ids={entry.actor_id for entry in entries if entry.actor_id}
    )
    return render(
        request, "admin/audit.html", settings=settings, user=admin, entries=entries,
        actors=actors, total=total, offset=offset, page_size=PAGE_SIZE,
    )  # fmt: skip
