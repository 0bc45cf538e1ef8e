from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Response, status

from .. import security
from ..dependencies import SessionDep, SettingsDep
from ..errors import error_responses
from . import flows
from .dependencies import CurrentUser
from .schemas import Credentials, SignUp, Token, UserRead

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
    """Exchange an e-mail address and password for a bearer token."""
    user = flows.log_in(session, email=body.email, password=body.password)
    token, lifetime = security.create_access_token(user_id=user.id, settings=settings)
    return Token(access_token=token, expires_in=lifetime)


@router.get("/users/me", responses=error_responses(401))
def read_me(user: CurrentUser) -> UserRead:
    """The account the bearer token belongs to."""
    return UserRead.model_validate(user)


@router.delete(
    "/users/me",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(401),
)
def delete_me(user: CurrentUser, session: SessionDep) -> None:
    """Delete the account and its items; earlier analytics events are anonymised."""
    flows.delete_account(session, user=user)
