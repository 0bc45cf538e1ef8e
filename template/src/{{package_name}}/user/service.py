"""User rules; no HTTP, analytics or invites here, so every flow and test can reuse them.

Services flush but never commit: the caller (a flow in flows.py) owns the transaction,
so whatever it records alongside the change commits or rolls back with it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import security
from .exceptions import EmailTaken, InvalidCredentials
from .models import User

# Verified against when the e-mail is unknown, so a login takes as long either way.
_DUMMY_HASH = security.hash_password("not-a-real-password")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_by_email(session: Session, *, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normalise_email(email))).first()


def get(session: Session, *, user_id: int) -> User | None:
    return session.get(User, user_id)


def _add(session: Session, *, email: str, password: str, is_admin: bool) -> User:
    if get_by_email(session, email=email) is not None:
        raise EmailTaken(f"{normalise_email(email)} is already registered.")
    user = User(
        email=normalise_email(email),
        password_hash=security.hash_password(password),
        is_admin=is_admin,
    )
    session.add(user)
    session.flush()
    return user


def create_member(session: Session, *, email: str, password: str) -> User:
    """A new account without admin rights (the sign-up flow checks the invite first)."""
    try:
        return _add(session, email=email, password=password, is_admin=False)
    except IntegrityError as error:  # a concurrent sign-up won the race
        session.rollback()
        raise EmailTaken(f"{normalise_email(email)} is already registered.") from error


def create_admin(session: Session, *, email: str, password: str) -> User:
    return _add(session, email=email, password=password, is_admin=True)


def delete(session: Session, *, user: User) -> None:
    """Delete the account; the database removes their items and unlinks their invites."""
    session.delete(user)
    session.flush()


def authenticate(session: Session, *, email: str, password: str) -> User:
    user = get_by_email(session, email=email)
    if user is None:
        security.verify_password(_DUMMY_HASH, password)
        raise InvalidCredentials
    if not security.verify_password(user.password_hash, password) or not user.is_active:
        raise InvalidCredentials
    return user
