"""User rules; no HTTP, analytics or invites here, so every flow and test can reuse them.

Services flush but never commit: the caller (a flow in flows.py) owns the transaction,
so whatever it records alongside the change commits or rolls back with it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy import delete as sql_delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, contains_eager

from .. import security
from ..db import Prepared, Statements, utcnow
from ..logs import identify_user
from .exceptions import (
    EmailTaken,
    InvalidCredentials,
    LastAdmin,
    OwnAccount,
    UserNotFound,
    WrongPassword,
)
from .models import AuthSession, SessionKind, User

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
    """Delete the account; the database removes their items and feedback, unlinks their invites."""
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


def change_password(
    session: Session, *, user: User, current_password: str, new_password: str,
    keep_session_id: int | None,
) -> None:  # fmt: skip
    """Sets a new password once the current one is confirmed; ends every other session."""
    if not security.verify_password(user.password_hash, current_password):
        raise WrongPassword
    user.password_hash = security.hash_password(new_password)
    end_sessions(session, user_id=user.id, except_session_id=keep_session_id)


def deactivate(session: Session, *, user: User, actor_id: int | None) -> bool:
    """Locks the account: no login, and every session and token it has ends now.

    Refused for the acting admin's own account and for the last active admin; returns False
    (and changes nothing) when the account was already deactivated.
    """
    if actor_id == user.id:
        raise OwnAccount("You cannot deactivate your own account; ask another admin to.")
    if not user.is_active:
        return False
    if user.is_admin:
        _keep_an_admin(session, user=user, doing="deactivate")
    user.is_active = False
    end_sessions(session, user_id=user.id)
    return True


def reactivate(session: Session, *, user: User) -> bool:
    """Lets the account log in again; the sessions ended by deactivate stay ended."""
    if user.is_active:
        return False
    user.is_active = True
    session.flush()
    return True


def grant_admin(session: Session, *, user: User) -> bool:
    """Gives the account admin rights; False when it already had them."""
    if user.is_admin:
        return False
    user.is_admin = True
    session.flush()
    return True


def remove_admin(session: Session, *, user: User, actor_id: int | None) -> bool:
    """Takes admin rights away, never the acting admin's own nor the last active admin's."""
    if actor_id == user.id:
        raise OwnAccount("You cannot remove your own admin rights; ask another admin to.")
    if not user.is_admin:
        return False
    if user.is_active:
        _keep_an_admin(session, user=user, doing="remove the admin rights of")
    user.is_admin = False
    session.flush()
    return True


def _keep_an_admin(session: Session, *, user: User, doing: str) -> None:
    """Refuses a change that would leave no active admin (nobody could undo it but the CLI).

    The active admins' rows are locked (PostgreSQL; SQLite writes one at a time anyway), so
    two admins demoting each other at once cannot both pass this check.
    """
    others = session.scalars(
        select(User.id)
        .where(User.is_admin.is_(True), User.is_active.is_(True), User.id != user.id)
        .with_for_update()
    ).all()
    if not others:
        raise LastAdmin(
            f"{user.email} is the last active admin: grant another account admin rights "
            f"before you {doing} it."
        )


def require(session: Session, *, user_id: int) -> User:
    """The user with this id, or UserNotFound (404)."""
    user = session.get(User, user_id)
    if user is None:
        raise UserNotFound(f"There is no user with id {user_id}.")
    return user


def list_page(
    session: Session, *, search: str | None, limit: int, offset: int
) -> tuple[list[User], int]:
    """Users newest first, those whose e-mail address contains `search` when it is given."""
    query = select(User)
    if search and search.strip():
        query = query.where(User.email.contains(normalise_email(search), autoescape=True))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    users = session.scalars(query.order_by(User.id.desc()).limit(limit).offset(offset)).all()
    return list(users), total


def emails_by_id(session: Session, *, user_ids: set[int]) -> dict[int, str]:
    """The e-mail address of each of these users that still exists (for the audit log)."""
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.email).where(User.id.in_(user_ids)))
    return {row.id: row.email for row in rows}


# Sessions: one row per bearer token or browser, found by the token's hash.


def start_session(
    session: Session, *, user: User, kind: SessionKind, lifetime: timedelta, now: datetime
) -> str:
    """A new session for `user`; returns its token, which is not stored and cannot be again."""
    token = security.new_session_token()
    token_hash = security.hash_session_token(token)
    expires_at = now + lifetime
    session.add(
        AuthSession(
            token_hash=token_hash, user_id=user.id, kind=kind, created_at=now, expires_at=expires_at
        )
    )
    session.flush()
    return token


# Built once: constructing a statement costs more than running it (docs/adr/0010), and this
# one runs on every signed-in request.
_OPEN_SESSION = (
    select(AuthSession)
    .join(AuthSession.user)
    .options(contains_eager(AuthSession.user))
    .where(
        AuthSession.token_hash == bindparam("token_hash"),
        AuthSession.kind == bindparam("kind"),
        AuthSession.revoked_at.is_(None),
        AuthSession.expires_at > bindparam("now", type_=AuthSession.expires_at.type),
        User.is_active.is_(True),
    )
)


def find_session(
    session: Session, *, token: str, kind: SessionKind, now: datetime
) -> AuthSession | None:
    """The open session of this token with its active user, in one query; else None.

    It runs on every signed-in request: one indexed lookup by the unique hash, joined with
    the user, so the revocation, expiry and deactivation checks cost no second round trip.
    Nothing is cached: a logout or a deactivation is refused on the very next request.
    """
    parameters = {"token_hash": security.hash_session_token(token), "kind": kind, "now": now}
    found = session.scalars(_OPEN_SESSION, parameters).first()
    if found is not None:
        identify_user(found.user_id)  # every signed-in request passes here: API, pages, events
    return found


# The same checks as _OPEN_SESSION, for a request that needs only the user's id: one column,
# a statement prepared for the hot paths (docs/adr/0011, 0012).
_SESSIONS = AuthSession.__table__
_USERS = User.__table__
_OPEN_SESSION_USER_ID = Prepared(
    select(_SESSIONS.c.user_id)
    .join(_USERS, _USERS.c.id == _SESSIONS.c.user_id)
    .where(
        _SESSIONS.c.token_hash == bindparam("token_hash"),
        _SESSIONS.c.kind == bindparam("kind"),
        _SESSIONS.c.revoked_at.is_(None),
        _SESSIONS.c.expires_at > bindparam("now", type_=_SESSIONS.c.expires_at.type),
        _USERS.c.is_active.is_(True),
    )
)


def find_session_user_id(
    db: Statements, *, token: str, kind: SessionKind, now: datetime
) -> int | None:
    """The user id of this token's open session, if its user is active; else None.

    `find_session` for the hot paths: the same query and checks, answered as one integer.
    """
    token_hash = security.hash_session_token(token)
    user_id: int | None = db.scalar(
        _OPEN_SESSION_USER_ID, token_hash=token_hash, kind=kind, now=now
    )
    if user_id is not None:
        identify_user(user_id)
    return user_id


def end_session(
    session: Session, *, auth_session: AuthSession, now: datetime | None = None
) -> None:
    """Revokes one session (a logout); its token is refused from now on."""
    auth_session.revoked_at = now or utcnow()
    session.flush()


def end_sessions(
    session: Session, *, user_id: int, except_session_id: int | None = None,
    now: datetime | None = None,
) -> int:  # fmt: skip
    """Revokes every open session of the user but `except_session_id`; returns how many."""
    query = update(AuthSession).where(
        AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)
    )
    if except_session_id is not None:
        query = query.where(AuthSession.id != except_session_id)
    result = session.execute(query.values(revoked_at=now or utcnow()))
    return int(result.rowcount)  # type: ignore[attr-defined]


def purge_sessions(session: Session, *, now: datetime) -> int:
    """Deletes the rows of sessions that ended (expired or revoked); returns how many."""
    ended = or_(AuthSession.expires_at <= now, AuthSession.revoked_at.is_not(None))
    result = session.execute(sql_delete(AuthSession).where(ended))
    return int(result.rowcount)  # type: ignore[attr-defined]
