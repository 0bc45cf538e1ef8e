"""Rendering a page: the template, its CSRF token, the signed-in user and a strict CSP.

Every page gets the same Content-Security-Policy: scripts, styles, images and requests only
from this origin, forms only to it, no frames and no plugins. The pages carry no inline
script or style, so nothing needs a nonce or a hash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from ..config import Settings
from ..errors import TooManyRequests
from ..user.models import User
from .session import CSRF_FIELD, csrf_token

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# Fixed notices a redirect can ask for by name; a query string cannot inject any other text.
NOTICES = {
    "welcome": "Welcome! Your account is ready.",
    "logged-out": "You are logged out.",
    "logged-out-everywhere": "You are logged out on every device and every API token has ended.",
    "password-changed": "Your password was changed; your other sessions were logged out.",
    "item-created": "The item was created.",
    "item-updated": "The item was saved.",
    "item-deleted": "The item was deleted.",
    "reset-sent": (
        "If an account uses that address, a link to choose a new password is on its way. "
        "It works once, within an hour."
    ),
    "password-reset": "Your password is changed and every other session has ended. Log in.",
    "waitlist-joined": (
        "Thank you: you are on the waitlist. A confirmation with a link to leave the list is "
        "on its way; an invitation follows when a place opens."
    ),
    "waitlist-left": "You left the waitlist: your address and note are deleted.",
    "feedback-sent": "Thank you for your feedback: the team reads every message.",
}
templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))


class LoginRequired(Exception):
    """Raised by a page for signed-in users; answered with a redirect to the login page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class PageError(Exception):
    """A failure shown as a page of its own (403, 404) rather than next to a form field."""

    def __init__(self, status_code: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.title = title
        self.message = message


def render(
    request: Request,
    template: str,
    *,
    settings: Settings,
    user: User | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """The page, with the CSRF token for its forms and the headers every page carries."""
    response = HTMLResponse("")
    token = csrf_token(request, response, settings=settings)
    notice = NOTICES.get(request.query_params.get("notice", ""))
    page = templates.TemplateResponse(
        request,
        template,
        {
            "user": user,
            "csrf_field": CSRF_FIELD,
            "csrf_token": token,
            "notice": notice,
            "project_name": settings.project_name,
            **context,
        },
        status_code=status_code,
    )
    for cookie in response.headers.getlist("set-cookie"):
        page.headers.append("set-cookie", cookie)
    page.headers["content-security-policy"] = CONTENT_SECURITY_POLICY
    # Pages show personal data and one-time invite links: no shared or back-button caches.
    page.headers["cache-control"] = "no-store"
    return page


def redirect(path: str) -> RedirectResponse:
    """After a form succeeds: a reload of the next page never sends the form again."""
    return RedirectResponse(path, status_code=303)


def refused(response: HTMLResponse, error: TooManyRequests) -> HTMLResponse:
    """The form again with the limit's message, as a 429 that says when to try again."""
    response.status_code = error.status_code
    response.headers["Retry-After"] = str(error.retry_after)
    return response
