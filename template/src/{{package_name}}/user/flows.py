"""User use cases: each calls the services, records its analytics event and commits.

Every way in (the API, the pages, the command line) calls these, so "service, event,
commit" is written once. Sign-up lives here because it spans two domains: it claims an
invite and creates a user, so neither service needs to call the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from .. import security
from ..analytics import events
from ..analytics import service as analytics_service
from ..audit import service as audit
from ..db import utcnow
from ..invite import service as invite_service
from ..mail import outbox
from . import reset, service
from .exceptions import ResetNotSent
from .models import AuthSession, SessionKind, User


@dataclass(frozen=True)
class SignedIn:
    """A new session: its user and the token to hand to the client (shown only now)."""

    user: User
    token: str


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


def log_in(
    session: Session, *, email: str, password: str, kind: SessionKind, lifetime: timedelta,
    now: datetime,
) -> SignedIn:  # fmt: skip
    """A new session for the user these credentials belong to, with the login recorded."""
    user = service.authenticate(session, email=email, password=password)
    token = service.start_session(session, user=user, kind=kind, lifetime=lifetime, now=now)
    events.user_logged_in(session, user_id=user.id)
    session.commit()
    return SignedIn(user=user, token=token)


def start_session(
    session: Session, *, user: User, kind: SessionKind, lifetime: timedelta, now: datetime
) -> str:
    """A session for a user who just proved who they are another way (signing up)."""
    token = service.start_session(session, user=user, kind=kind, lifetime=lifetime, now=now)
    session.commit()
    return token


def log_out(session: Session, *, auth_session: AuthSession) -> None:
    """Ends this one session; the user's other devices stay signed in."""
    service.end_session(session, auth_session=auth_session)
    session.commit()


def log_out_everywhere(session: Session, *, user: User) -> None:
    """Ends every session and token of the user, the caller's included."""
    service.end_sessions(session, user_id=user.id)
    session.commit()


def change_password(
    session: Session, *, user: User, current_password: str, new_password: str,
    auth_session: AuthSession,
) -> None:  # fmt: skip
    """Sets a new password; every other session ends, the one that asked stays signed in."""
    service.change_password(
        session, user=user, current_password=current_password, new_password=new_password,
        keep_session_id=auth_session.id,
    )  # fmt: skip
    session.commit()


# Account management by an admin (`actor_id`; None is the command line). Each change is
# recorded in the audit log in its own transaction; a request that changes nothing (deactivating
# an account that already is) records nothing.


def _audited(
    session: Session, changed: bool, *, actor_id: int | None, action: audit.Action, user: User
) -> User:
    if changed:
        audit.record(session, actor_id=actor_id, action=action, subject=_subject(user))
    session.commit()
    return user


def _subject(user: User) -> str:
    """How the audit log names an account: its address and id, both as they were then."""
    return f"{user.email} (user {user.id})"


def deactivate(session: Session, *, user: User, actor_id: int | None) -> User:
    """Locks the account out: no login, and its sessions and tokens end now."""
    changed = service.deactivate(session, user=user, actor_id=actor_id)
    return _audited(session, changed, actor_id=actor_id, action="user.deactivated", user=user)


def reactivate(session: Session, *, user: User, actor_id: int | None) -> User:
    """Lets the account log in again (with a new login: its old sessions stay ended)."""
    changed = service.reactivate(session, user=user)
    return _audited(session, changed, actor_id=actor_id, action="user.reactivated", user=user)


def grant_admin(session: Session, *, user: User, actor_id: int | None) -> User:
    changed = service.grant_admin(session, user=user)
    return _audited(session, changed, actor_id=actor_id, action="user.admin_granted", user=user)


def remove_admin(session: Session, *, user: User, actor_id: int | None) -> User:
    changed = service.remove_admin(session, user=user, actor_id=actor_id)
    return _audited(session, changed, actor_id=actor_id, action="user.admin_removed", user=user)


def purge_sessions(session: Session, *, now: datetime) -> int:
    """Deletes the rows of expired and revoked sessions; returns how many."""
    deleted = service.purge_sessions(session, now=now)
    session.commit()
    return deleted


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


def request_password_reset(session: Session, *, email: str, now: datetime) -> None:
    """E-mails a reset link if an active account has this address; otherwise does nothing.

    The caller answers the same either way, so the form reveals no one's account.
    """
    user = service.get_by_email(session, email=email)
    if user is None or not user.is_active:
        return
    if _queue_reset(session, user=user, now=now):
        session.commit()


def send_password_reset(session: Session, *, user: User, actor_id: int | None) -> User:
    """An admin e-mails a user a reset link (recorded); refused for a locked account or twice."""
    if not user.is_active:
        raise ResetNotSent(f"{user.email} is deactivated: reactivate the account first.")
    if not _queue_reset(session, user=user, now=utcnow()):
        raise ResetNotSent(
            f"A reset link went to {user.email} less than "
            f"{int(reset.RESET_COOLDOWN.total_seconds() // 60)} minutes ago; it works for an hour."
        )
    return _audited(session, True, actor_id=actor_id, action="user.password_reset_sent", user=user)


def _queue_reset(session: Session, *, user: User, now: datetime) -> bool:
    """A new reset link for `user`, queued as an e-mail; False inside the cooldown."""
    token = reset.start(session, user=user, now=now)
    if token is None:  # a link was sent moments ago
        return False
    outbox.queue_mail(
        session,
        template="password_reset",
        to=user.email,
        context={
            # After `#`, never sent to a server, so no access log holds it (see invite/flows.py).
            "path": "/password-reset/confirm#" + urlencode({"token": token}),
            "code": token,
            "valid_minutes": int(reset.RESET_LIFETIME.total_seconds() // 60),
        },
        key=f"password-reset:{security.hash_session_token(token)[:32]}",
    )
    return True


def reset_password(session: Session, *, token: str, new_password: str, now: datetime) -> User:
    """Sets a new password from a reset link; every session and token of the user ends."""
    user = reset.finish(session, token=token, new_password=new_password, now=now)
    session.commit()
    return user
