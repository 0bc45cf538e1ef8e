from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Response, status

from ..dependencies import SessionDep, SettingsDep
from ..errors import error_responses
from . import flows
from .dependencies import CurrentSession, CurrentUser
from .schemas import (
    Accepted,
    Credentials,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    SignUp,
    Token,
    UserRead,
)

router = APIRouter(tags=["users"])


@router.post(
    "/users",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(400, 403, 404, 409, 410, 413, 422),
)
def sign_up(body: SignUp, session: SessionDep) -> UserRead:
    """Create an account with an invite code sent to the same e-mail address."""
    user = flows.sign_up(
        session,
        email=body.email,
        password=body.password,
        invite_code=body.invite_code,
        now=datetime.now(UTC),
    )
    return UserRead.model_validate(user)


@router.post("/auth/token", responses=error_responses(400, 401, 413, 422))
def log_in(body: Credentials, session: SessionDep, settings: SettingsDep) -> Token:
    """Exchange an e-mail address and password for a bearer token (a new session)."""
    lifetime = timedelta(minutes=settings.access_token_minutes)
    signed_in = flows.log_in(
        session, email=body.email, password=body.password, kind="api", lifetime=lifetime,
        now=datetime.now(UTC),
    )  # fmt: skip
    return Token(access_token=signed_in.token, expires_in=int(lifetime.total_seconds()))


@router.post(
    "/auth/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(401),
)
def log_out(auth_session: CurrentSession, session: SessionDep) -> None:
    """End the session of this bearer token; the user's other tokens keep working."""
    flows.log_out(session, auth_session=auth_session)


@router.post(
    "/auth/logout-everywhere",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(401),
)
def log_out_everywhere(user: CurrentUser, session: SessionDep) -> None:
    """End every session and token of the user, this one included."""
    flows.log_out_everywhere(session, user=user)


RESET_REQUESTED = (
    "If an account uses this address, a link to choose a new password is on its way; "
    "it works once, within an hour."
)


@router.post(
    "/auth/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(400, 413, 422),
)
def request_password_reset(body: PasswordResetRequest, session: SessionDep) -> Accepted:
    """E-mail a password reset link; the answer is the same whether or not the address is known."""
    flows.request_password_reset(session, email=body.email, now=datetime.now(UTC))
    return Accepted(detail=RESET_REQUESTED)


@router.post(
    "/auth/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(400, 413, 422),
)
def confirm_password_reset(body: PasswordResetConfirm, session: SessionDep) -> None:
    """Set a new password with the token from the e-mailed link; every session ends."""
    flows.reset_password(
        session, token=body.token, new_password=body.new_password, now=datetime.now(UTC)
    )


@router.get("/users/me", responses=error_responses(401))
def read_me(user: CurrentUser) -> UserRead:
    """The account the bearer token belongs to."""
    return UserRead.model_validate(user)


@router.post(
    "/users/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(400, 401, 403, 413, 422),
)
def change_password(
    body: PasswordChange, auth_session: CurrentSession, session: SessionDep
) -> None:
    """Change the password; every other session and token of the user ends, this one stays."""
    flows.change_password(
        session, user=auth_session.user, current_password=body.current_password,
        new_password=body.new_password, auth_session=auth_session,
    )  # fmt: skip


@router.delete(
    "/users/me",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(401),
)
def delete_me(user: CurrentUser, session: SessionDep) -> None:
    """Delete the account and its items; earlier analytics events are anonymised."""
    flows.delete_account(session, user=user)
