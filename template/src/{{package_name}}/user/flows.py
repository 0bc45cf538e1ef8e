"""User use cases: each calls the services, records its analytics event and commits.

Every way in (the API, the pages, the command line) calls these, so "service, event,
commit" is written once. Sign-up lives here because it spans two domains: it claims an
invite and creates a user, so neither service needs to call the other.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..analytics import events
from ..analytics import service as analytics_service
from ..invite import service as invite_service
from . import service
from .models import User


def sign_up(
    session: Session, *, email: str, password: str, invite_code: str, now: datetime
) -> User:
    """Creates a user from a valid invite, uses the invite up and records the sign-up."""
    invite = invite_service.find_claimable(
        session, code=invite_code, email=service.normalise_email(email), now=now
    )
    user = service.create_member(session, email=email, password=password)
    invite_service.mark_accepted(invite, user_id=user.id, now=now)
    session.flush()
    age = (user.created_at - invite.created_at).total_seconds() / 3600
    events.user_signed_up(session, user_id=user.id, invite_age_hours=round(age, 2))
    events.invite_accepted(session, user_id=user.id, invite_id=invite.id)
    session.commit()
    return user


def log_in(session: Session, *, email: str, password: str) -> User:
    """The user these credentials belong to, with the login recorded."""
    user = service.authenticate(session, email=email, password=password)
    events.user_logged_in(session, user_id=user.id)
    session.commit()
    return user


def create_admin(session: Session, *, email: str, password: str) -> User:
    user = service.create_admin(session, email=email, password=password)
    session.commit()
    return user


def delete_account(session: Session, *, user: User) -> None:
    """Deletes the account and its items; earlier analytics events are anonymised."""
    analytics_service.anonymise_user(session, user_id=user.id)
    service.delete(session, user=user)
    events.user_deleted(session, user_id=None)
    session.commit()
