"""Password hashing (argon2) and signed bearer tokens (JWT, HS256)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .config import Settings

_ALGORITHM = "HS256"
# Module-level so tests can swap in cheaper parameters; production keeps argon2's defaults.
password_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return password_hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return password_hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def issue_token(*, user_id: int, purpose: str, lifetime: timedelta, settings: Settings) -> str:
    """A signed token for `user_id`, valid for one purpose (an API token is no session cookie)."""
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "iat": now, "exp": now + lifetime, "typ": purpose}
    return jwt.encode(claims, settings.secret_key, algorithm=_ALGORITHM)


def read_token(token: str, *, purpose: str, settings: Settings) -> int | None:
    """The user id a valid, unexpired token of `purpose` was issued for; None for anything else."""
    try:
        claims = jwt.decode(
            token, settings.secret_key, algorithms=[_ALGORITHM], options={"require": ["exp", "sub"]}
        )
    except jwt.PyJWTError:
        return None
    subject = claims.get("sub")
    if claims.get("typ") != purpose or not isinstance(subject, str) or not subject.isdigit():
        return None
    return int(subject)


def create_access_token(*, user_id: int, settings: Settings) -> tuple[str, int]:
    """A signed API token for `user_id` and its lifetime in seconds."""
    lifetime = timedelta(minutes=settings.access_token_minutes)
    token = issue_token(user_id=user_id, purpose="access", lifetime=lifetime, settings=settings)
    return token, int(lifetime.total_seconds())


def read_access_token(token: str, *, settings: Settings) -> int | None:
    return read_token(token, purpose="access", settings=settings)
