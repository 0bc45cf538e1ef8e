"""The public pages (landing, sign-up, login, logout) and the account page with its forms.

Routes are plain `def`: they use the synchronous database session, so FastAPI runs them in
its thread pool. Forms post back to the page that showed them; a success redirects (303) so
reloading the next page never sends the form twice.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from ..config import Settings
from ..dependencies import SessionDep, SettingsDep
from ..errors import TooManyRequests
from ..invite import service as invite_service
from ..invite.exceptions import InviteEmailMismatch, InviteExpired, InviteNotFound, InviteUsed
from ..ratelimit.dependencies import LimiterDep
from ..user import flows as user_flows
from ..user.exceptions import EmailTaken, InvalidCredentials, InvalidResetLink, WrongPassword
from ..user.models import User
from ..user.schemas import (
    Credentials,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    SignUp,
)
from . import admin, admin_users, feedback, items, waitlist
from .dependencies import FormDep, PageSession, PageUser, SignedInSession
from .forms import FieldErrors, validate
from .pages import LoginRequired, PageError, redirect, refused, render
from .session import SESSION_LIFETIME, clear_session_cookies, set_session_cookie

router = APIRouter(include_in_schema=False)
# The reset link's `?token=`; checked when the form is sent, not when the page is shown.
ResetLinkToken = Annotated[str, Query(alias="token", max_length=128)]
_SIGNUP_HELP = "Use at least 10 characters; a few unrelated words are easy to remember."


# A path on this site: a slash, then no second slash or backslash (which browsers read as
# another host), no control characters or spaces (which they strip before reading it).
_LOCAL_PATH = re.compile(r"/(?!/)[\x21-\x7e]*")


def _safe_next(path: str) -> str:
    """Only a path on this site: an open redirect would send users to a look-alike login."""
    return path if _LOCAL_PATH.fullmatch(path) and "\\" not in path else "/items"


@router.get("/", response_class=HTMLResponse)
def landing(request: Request, user: PageUser, settings: SettingsDep) -> HTMLResponse:
    """The landing page: what the beta is, and the way in."""
    return render(request, "landing.html", settings=settings, user=user)


def _signup_form(
    request: Request, settings: Settings, user: User | None, values: dict[str, str],
    errors: FieldErrors,
) -> HTMLResponse:  # fmt: skip
    return render(
        request, "signup.html", settings=settings, user=user, values=values, errors=errors,
        password_help=_SIGNUP_HELP, status_code=400 if errors else 200,
    )  # fmt: skip


@router.get("/signup", response_class=HTMLResponse, name="signup_page")
def signup_page(
    request: Request, user: PageUser, session: SessionDep, settings: SettingsDep, code: str = ""
) -> HTMLResponse:
    """The sign-up form; an invite link fills in the code and says at once if it is unusable."""
    errors: FieldErrors = {}
    email = ""
    invite = invite_service.get_by_code(session, code=code) if code else None
    if code and invite is None:
        errors["invite_code"] = "No invite has this code; check the link you were sent."
    elif invite is not None:
        email = invite.email
        status = invite.status_at(datetime.now(UTC))
        if status == "expired":
            errors["invite_code"] = "This invite has expired; ask for a new one."
        elif status == "accepted":
            errors["invite_code"] = "This invite has already been used; log in instead."
    return _signup_form(request, settings, user, {"email": email, "invite_code": code}, errors)


@router.post("/signup", response_class=HTMLResponse)
def sign_up(
    request: Request, form: FormDep, session: SessionDep, settings: SettingsDep,
    limiter: LimiterDep,
) -> Response:  # fmt: skip
    """Create the account from the invite code, then sign the new user in."""
    values = {name: form.get(name).strip() for name in ("email", "invite_code")}
    body, errors = validate(SignUp, {**values, "password": form.get("password")})
    if body is not None:
        try:
            limiter.sign_up()
        except TooManyRequests as error:
            errors["email"] = error.message
            return refused(_signup_form(request, settings, None, values, errors), error)
        try:
            user = user_flows.sign_up(
                session, email=body.email, password=body.password,
                invite_code=body.invite_code, now=datetime.now(UTC),
            )  # fmt: skip
        except (InviteEmailMismatch, EmailTaken) as error:
            errors["email"] = error.message
        except (InviteNotFound, InviteUsed, InviteExpired) as error:
            errors["invite_code"] = error.message
        else:
            token = user_flows.start_session(
                session, user=user, kind="web", lifetime=SESSION_LIFETIME, now=datetime.now(UTC)
            )
            response = redirect("/items?notice=welcome")
            set_session_cookie(response, token=token, settings=settings)
            return response
    return _signup_form(request, settings, None, values, errors)


@router.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request, user: PageUser, settings: SettingsDep, next: str = "/items"
) -> HTMLResponse:
    """The login form."""
    values = {"email": "", "next": _safe_next(next)}
    return render(request, "login.html", settings=settings, user=user, values=values, errors={})


@router.post("/login", response_class=HTMLResponse)
def log_in(
    request: Request, form: FormDep, session: SessionDep, settings: SettingsDep,
    limiter: LimiterDep,
) -> Response:  # fmt: skip
    """Check the e-mail and password, then sign in and go on to the page asked for."""
    values = {"email": form.get("email").strip(), "next": _safe_next(form.get("next"))}
    body, errors = validate(
        Credentials, {"email": values["email"], "password": form.get("password")}
    )
    if body is not None:
        try:
            limiter.log_in(email=body.email)
            signed_in = user_flows.log_in(
                session, email=body.email, password=body.password, kind="web",
                lifetime=SESSION_LIFETIME, now=datetime.now(UTC),
            )  # fmt: skip
        except TooManyRequests as error:
            errors["form"] = error.message
            page = render(
                request, "login.html", settings=settings, user=None, values=values,
                errors=errors,
            )  # fmt: skip
            return refused(page, error)
        except InvalidCredentials as error:
            errors["form"] = error.message
        else:
            response = redirect(values["next"])
            set_session_cookie(response, token=signed_in.token, settings=settings)
            return response
    return render(
        request, "login.html", settings=settings, user=None, values=values, errors=errors,
        status_code=400,
    )  # fmt: skip


@router.get("/password-reset", response_class=HTMLResponse)
def password_reset_page(request: Request, user: PageUser, settings: SettingsDep) -> HTMLResponse:
    """Ask for a password reset link by e-mail."""
    return render(
        request, "password_reset.html", settings=settings, user=user, values={"email": ""},
        errors={},
    )  # fmt: skip


@router.post("/password-reset", response_class=HTMLResponse)
def request_password_reset(
    request: Request, form: FormDep, session: SessionDep, settings: SettingsDep,
    limiter: LimiterDep,
) -> Response:  # fmt: skip
    """Queue the link if the address has an account; the answer never says whether it has."""
    values = {"email": form.get("email").strip()}
    body, errors = validate(PasswordResetRequest, {"email": values["email"]})
    if body is None:
        return render(
            request, "password_reset.html", settings=settings, user=None, values=values,
            errors=errors, status_code=400,
        )  # fmt: skip
    try:
        limiter.password_reset(email=body.email)
    except TooManyRequests as error:
        page = render(
            request, "password_reset.html", settings=settings, user=None, values=values,
            errors={"email": error.message},
        )  # fmt: skip
        return refused(page, error)
    user_flows.request_password_reset(session, email=body.email, now=datetime.now(UTC))
    return redirect("/login?notice=reset-sent")


@router.get("/password-reset/confirm", response_class=HTMLResponse)
def password_reset_confirm_page(
    request: Request, user: PageUser, settings: SettingsDep, link: ResetLinkToken = ""
) -> HTMLResponse:
    """Choose a new password; the token comes from the e-mailed link."""
    return render(
        request, "password_reset_confirm.html", settings=settings, user=user, token=link,
        errors={}, password_help=_SIGNUP_HELP,
    )  # fmt: skip


@router.post("/password-reset/confirm", response_class=HTMLResponse)
def confirm_password_reset(
    request: Request, form: FormDep, session: SessionDep, settings: SettingsDep
) -> Response:
    """Set the new password; every session ends, this browser's included, then log in."""
    token = form.get("token")
    body, errors = validate(
        PasswordResetConfirm, {"token": token, "new_password": form.get("new_password")}
    )
    if body is not None:
        try:
            user_flows.reset_password(
                session, token=body.token, new_password=body.new_password, now=datetime.now(UTC)
            )
        except InvalidResetLink as error:
            errors["form"] = error.message
        else:
            response = redirect("/login?notice=password-reset")
            clear_session_cookies(response)
            return response
    if "token" in errors:
        errors["form"] = InvalidResetLink().message
    return render(
        request, "password_reset_confirm.html", settings=settings, user=None, token=token,
        errors=errors, password_help=_SIGNUP_HELP, status_code=400,
    )  # fmt: skip


@router.post("/logout")
def log_out(_form: FormDep, auth_session: PageSession, session: SessionDep) -> Response:
    """End the session (on the server, not only the cookie) and return to the landing page."""
    if auth_session is not None:
        user_flows.log_out(session, auth_session=auth_session)
    response = redirect("/?notice=logged-out")
    clear_session_cookies(response)
    return response


def _account_page(
    request: Request, settings: Settings, user: User, errors: FieldErrors | None = None
) -> HTMLResponse:
    return render(
        request, "account.html", settings=settings, user=user, errors=errors or {},
        password_help=_SIGNUP_HELP, status_code=400 if errors else 200,
    )  # fmt: skip


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, auth_session: SignedInSession, settings: SettingsDep) -> HTMLResponse:
    """The signed-in user's account page: change the password, log out everywhere."""
    return _account_page(request, settings, auth_session.user)


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request, form: FormDep, auth_session: SignedInSession, session: SessionDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    """Change the password; the user's other sessions end, this browser stays signed in."""
    fields = ("current_password", "new_password")
    body, errors = validate(PasswordChange, {name: form.get(name) for name in fields})
    if body is not None:
        try:
            user_flows.change_password(
                session, user=auth_session.user, current_password=body.current_password,
                new_password=body.new_password, auth_session=auth_session,
            )  # fmt: skip
        except WrongPassword as error:
            errors["current_password"] = error.message
        else:
            return redirect("/account?notice=password-changed")
    return _account_page(request, settings, auth_session.user, errors)


@router.post("/account/logout-everywhere")
def log_out_everywhere(
    _form: FormDep, auth_session: SignedInSession, session: SessionDep
) -> Response:
    """End every session of the user (other browsers, API tokens, this browser too)."""
    user_flows.log_out_everywhere(session, user=auth_session.user)
    response = redirect("/?notice=logged-out-everywhere")
    clear_session_cookies(response)
    return response


def install(app: FastAPI) -> None:
    """Adds the pages, their static files and the handlers that turn page errors into pages."""
    static = Path(__file__).with_name("static")
    app.mount("/static", StaticFiles(directory=static), name="static")
    for pages in (router, items.router, waitlist.router, admin.router, admin_users.router):
        app.include_router(pages)
    app.include_router(feedback.router)

    @app.exception_handler(LoginRequired)
    async def login_required(_request: Request, exc: LoginRequired) -> Response:
        return redirect("/login?" + urlencode({"next": exc.next_path}))

    @app.exception_handler(PageError)
    async def page_error(request: Request, exc: PageError) -> Response:
        settings = request.app.state.settings
        return render(
            request, "error.html", settings=settings, user=None, status_code=exc.status_code,
            title=exc.title, message=exc.message,
        )  # fmt: skip
