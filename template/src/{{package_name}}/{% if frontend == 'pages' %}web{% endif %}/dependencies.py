"""Who is asking (from the session cookie) and what they sent (a form that passed CSRF)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import UploadFile

from ..dependencies import SessionDep, SettingsDep
from ..user import service as user_service
from ..user.models import User
from .pages import LoginRequired, PageError
from .session import CSRF_FIELD, csrf_valid, session_user_id


def page_user(request: Request, session: SessionDep, settings: SettingsDep) -> User | None:
    """The signed-in user, or None for a visitor (or a session whose account is gone)."""
    user_id = session_user_id(request, settings=settings)
    user = user_service.get(session, user_id=user_id) if user_id is not None else None
    return user if user is not None and user.is_active else None


def signed_in_user(request: Request, user: Annotated[User | None, Depends(page_user)]) -> User:
    if user is None:
        raise LoginRequired(request.url.path)
    return user


def admin_page_user(user: Annotated[User, Depends(signed_in_user)]) -> User:
    if not user.is_admin:
        raise PageError(403, "Admins only", "This page is for the admins of the beta.")
    return user


@dataclass(frozen=True)
class SubmittedForm:
    """A form's text fields and uploaded files, read before the (synchronous) route runs."""

    fields: dict[str, str]
    files: dict[str, bytes] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


async def checked_form(request: Request, settings: SettingsDep) -> SubmittedForm:
    """The submitted form, refused unless it carries this browser's CSRF token."""
    form = await request.form()
    fields: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            files[name] = await value.read()
        else:
            fields[name] = value
    await form.close()
    if not csrf_valid(request, fields.pop(CSRF_FIELD, ""), settings=settings):
        raise PageError(
            403,
            "Form expired",
            "This form was not sent from this site's current page, so nothing was changed. "
            "Go back, reload the page and send it again.",
        )
    return SubmittedForm(fields=fields, files=files)


PageUser = Annotated[User | None, Depends(page_user)]
SignedInUser = Annotated[User, Depends(signed_in_user)]
AdminPageUser = Annotated[User, Depends(admin_page_user)]
FormDep = Annotated[SubmittedForm, Depends(checked_form)]
