"""Password reset rules: a link that works once, for an hour, and ends every session.

The token is as strong as a session token (256 random bits) and only its SHA-256 is stored,
so a leaked table resets nothing. Asking again makes the earlier links stop working, and a
second request within a couple of minutes sends nothing, so nobody can flood an inbox.
Like every service these flush and leave the commit, and the e-mail, to the flow.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .. import security
from . import service
from .exceptions import InvalidResetLink
from .models import PasswordReset, User

RESET_LIFETIME = timedelta(hours=1)
# One reset e-mail per account in this window, whoever asks and however often.
RESET_COOLDOWN = timedelta(minutes=2)


def start(session: Session, *, user: User, now: datetime) -> str | None:
    """A new reset token for `user`, or None inside the cooldown (nothing is sent then)."""
    recent = session.scalar(
        select(PasswordReset.id).where(
            PasswordReset.user_id == user.id, PasswordReset.created_at > now - RESET_COOLDOWN
        )
    )
    if recent is not None:
        return None
    # Only the newest link works: an older one in a forgotten inbox is no way in.
    session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    token = security.new_session_token()
    session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=security.hash_session_token(token),
            created_at=now,
            expires_at=now + RESET_LIFETIME,
        )
    )
    session.flush()
    return token


def finish(session: Session, *, token: str, new_password: str, now: datetime) -> User:
    """Sets the new password if the link is good; every session and token of the user ends."""
    reset = session.scalars(
        select(PasswordReset).where(PasswordReset.token_hash == security.hash_session_token(token))
    ).first()
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        raise InvalidResetLink
    user = service.get(session, user_id=reset.user_id)
    if user is None or not user.is_active:
        raise InvalidResetLink
    # Used once even when two requests race: only one of them changes the row.
    claimed = session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    ).rowcount  # type: ignore[attr-defined]
    if claimed != 1:
        raise InvalidResetLink
    user.password_hash = security.hash_password(new_password)
    service.end_sessions(session, user_id=user.id, now=now)
    session.flush()
    return user
