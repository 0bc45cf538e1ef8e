from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from ..dependencies import SessionDep, SettingsDep
from ..errors import error_responses
from ..pagination import Page, PageDep
from ..ratelimit.dependencies import LimiterDep
from . import flows, service
from .dependencies import AdminUser, CurrentSession, CurrentUser, ListedUser
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
    responses=error_responses(400, 403, 404, 409, 410, 413, 422, 429, 503),
)
def sign_up(body: SignUp, session: SessionDep, limiter: LimiterDep) -> UserRead:
    """Create an account with an invite code sent to the same e-mail address."""
    limiter.sign_up()
    user = flows.sign_up(
        session,
        email=body.email,
        password=body.password,
        invite_code=body.invite_code,
        now=datetime.now(UTC),
    )
    return UserRead.model_validate(user)


@router.post("/auth/token", responses=error_responses(400, 401, 413, 422, 429, 503))
def log_in(
    body: Credentials, session: SessionDep, settings: SettingsDep, limiter: LimiterDep
) -> Token:
    """Exchange an e-mail address and password for a bearer token (a new session)."""
    limiter.log_in(email=body.email)
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
    responses=error_responses(400, 413, 422, 429),
)
def request_password_reset(
    body: PasswordResetRequest, session: SessionDep, limiter: LimiterDep
) -> Accepted:
    """E-mail a password reset link; the answer is the same whether or not the address is known."""
    limiter.password_reset(email=body.email)
    flows.request_password_reset(session, email=body.email, now=datetime.now(UTC))
    return Accepted(detail=RESET_REQUESTED)


@router.post(
    "/auth/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(400, 413, 422, 503),
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
    responses=error_responses(400, 401, 403, 413, 422, 503),
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
    """Delete the account, its items and its feedback; earlier analytics events are anonymised."""
    flows.delete_account(session, user=user)


# User management: admins only. Each change is one flow, recorded in the audit log.

SearchQuery = Annotated[
    str | None,
    Query(
        max_length=320,
        pattern=r"^[^\x00]*$",  # PostgreSQL cannot compare text with a NUL in it
        description="Only users whose e-mail address contains this text.",
    ),
]


@router.get("/users", responses=error_responses(401, 403, 422))
def list_users(
    _admin: AdminUser, session: SessionDep, page: PageDep, q: SearchQuery = None
) -> Page[UserRead]:
    """Every account, newest first, with whether it is active and an admin."""
    users, total = service.list_page(session, search=q, limit=page.limit, offset=page.offset)
    return Page[UserRead](
        items=[UserRead.model_validate(user) for user in users],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/users/{user_id}/deactivate", responses=error_responses(401, 403, 404, 409, 422))
def deactivate_user(admin: AdminUser, user: ListedUser, session: SessionDep) -> UserRead:
    """Lock an account out: its sessions and tokens end now and it cannot log in."""
    return UserRead.model_validate(flows.deactivate(session, user=user, actor_id=admin.id))


@router.post("/users/{user_id}/reactivate", responses=error_responses(401, 403, 404, 422))
def reactivate_user(admin: AdminUser, user: ListedUser, session: SessionDep) -> UserRead:
    """Let a deactivated account log in again."""
    return UserRead.model_validate(flows.reactivate(session, user=user, actor_id=admin.id))


@router.put("/users/{user_id}/admin", responses=error_responses(401, 403, 404, 422))
def grant_admin(admin: AdminUser, user: ListedUser, session: SessionDep) -> UserRead:
    """Give an account admin rights."""
    return UserRead.model_validate(flows.grant_admin(session, user=user, actor_id=admin.id))


@router.delete("/users/{user_id}/admin", responses=error_responses(401, 403, 404, 409, 422))
def remove_admin(admin: AdminUser, user: ListedUser, session: SessionDep) -> UserRead:
    """Take an account's admin rights away (never your own, nor the last active admin's)."""
    return UserRead.model_validate(flows.remove_admin(session, user=user, actor_id=admin.id))


@router.post(
    "/users/{user_id}/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(401, 403, 404, 409, 422),
)
def send_password_reset(admin: AdminUser, user: ListedUser, session: SessionDep) -> Accepted:
    """E-mail the user a password reset link (at most one every two minutes)."""
    flows.send_password_reset(session, user=user, actor_id=admin.id)
    return Accepted(detail=f"A password reset link is on its way to {user.email}.")
