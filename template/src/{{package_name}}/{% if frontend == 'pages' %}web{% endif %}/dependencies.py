"""Who is asking (from the session cookie) and what they sent (a form that passed CSRF)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import UploadFile

from ..dependencies import SessionDep, SettingsDep
from ..user import service as user_service
from ..user.models import AuthSession, User
from .pages import LoginRequired, PageError
from .session import CSRF_FIELD, csrf_valid, session_token


def page_session(request: Request, session: SessionDep) -> AuthSession | None:
    """The browser's open session with its user (one query), or None for a visitor.

    A cookie whose session was ended, has expired, or whose account is gone or deactivated
    makes a visitor, never an error page.
    """
    token = session_token(request)
    if token is None:
        return None
    return user_service.find_session(session, token=token, kind="web", now=datetime.now(UTC))


async def page_user(
    auth_session: Annotated[AuthSession | None, Depends(page_session)],
) -> User | None:
    """The signed-in user, or None for a visitor."""
    return auth_session.user if auth_session is not None else None


async def signed_in_session(
    request: Request, auth_session: Annotated[AuthSession | None, Depends(page_session)]
) -> AuthSession:
    if auth_session is None:
        raise LoginRequired(request.url.path)
    return auth_session


async def signed_in_user(
    auth_session: Annotated[AuthSession, Depends(signed_in_session)],
) -> User:
    return auth_session.user


async def admin_page_user(user: Annotated[User, Depends(signed_in_user)]) -> User:
    if not user.is_admin:
        raise PageError(403, "Admins only", "This page is for the admins of the beta.")
    return user


@dataclass(frozen=True)
class SubmittedForm:
    """A form's text fields and uploaded files, read before the (synchronous) route runs."""

    fields: dict[str, str]
    files: dict[str, bytes] = field(default_factory=dict)
    # Every value of a name sent more than once (a list of checkboxes); `fields` has the last.
    repeated: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    def get_all(self, name: str) -> list[str]:
        return self.repeated.get(name, [])


async def checked_form(request: Request, settings: SettingsDep) -> SubmittedForm:
    """The submitted form, refused unless it carries this browser's CSRF token."""
    form = await request.form()
    fields: dict[str, str] = {}
    files: dict[str, bytes] = {}
    repeated: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            files[name] = await value.read()
        else:
            fields[name] = value
            repeated.setdefault(name, []).append(value)
    await form.close()
    if not csrf_valid(request, fields.pop(CSRF_FIELD, ""), settings=settings):
        raise PageError(
            403,
            "Form expired",
            "This form was not sent from this site's current page, so nothing was changed. "
            "Go back, reload the page and send it again.",
        )
    return SubmittedForm(fields=fields, files=files, repeated=repeated)


PageSession = Annotated[AuthSession | None, Depends(page_session)]
PageUser = Annotated[User | None, Depends(page_user)]
SignedInSession = Annotated[AuthSession, Depends(signed_in_session)]
SignedInUser = Annotated[User, Depends(signed_in_user)]
AdminPageUser = Annotated[User, Depends(admin_page_user)]
FormDep = Annotated[SubmittedForm, Depends(checked_form)]
