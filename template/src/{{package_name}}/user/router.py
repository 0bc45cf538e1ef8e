from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from .. import security
from ..analytics import events
from ..analytics import service as analytics_service
from ..dependencies import SessionDep, SettingsDep
from ..errors import error_responses
from ..invite import service as invite_service
from . import service
from .dependencies import CurrentUser
from .models import User
from .schemas import Credentials, SignUp, Token, UserRead

router = APIRouter(prefix="/api/v1", tags=["users"])


def record_sign_up(session: Session, *, user: User) -> None:
    """The sign-up events, shared by every way in (the API and the sign-up page)."""
    invite = invite_service.accepted_by(session, user_id=user.id)
    if invite is not None:
        age = (user.created_at - invite.created_at).total_seconds() / 3600
        events.user_signed_up(session, user_id=user.id, invite_age_hours=round(age, 2))
        events.invite_accepted(session, user_id=user.id, invite_id=invite.id)


@router.post(
    "/users",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(400, 403, 404, 409, 410, 413, 422),
)
def sign_up(body: SignUp, session: SessionDep) -> UserRead:
    """Create an account with an invite code sent to the same e-mail address."""
    user = service.sign_up(
        session,
        email=body.email,
        password=body.password,
        invite_code=body.invite_code,
        now=datetime.now(UTC),
    )
    record_sign_up(session, user=user)
    session.commit()
    return UserRead.model_validate(user)


@router.post("/auth/token", responses=error_responses(400, 401, 413, 422))
def log_in(body: Credentials, session: SessionDep, settings: SettingsDep) -> Token:
    """Exchange an e-mail address and password for a bearer token."""
    user = service.authenticate(session, email=body.email, password=body.password)
    events.user_logged_in(session, user_id=user.id)
    session.commit()
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
    analytics_service.anonymise_user(session, user_id=user.id)
    service.delete(session, user=user)
    events.user_deleted(session, user_id=None)
    session.commit()
