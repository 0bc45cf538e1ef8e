"""Password hashing (argon2) and the opaque session tokens of bearers and browsers.

A session token is 256 random bits and says nothing by itself: the server keeps a row per
session (user/models.py AuthSession) holding only the token's SHA-256, so a token can be
revoked at once, a leaked table opens no account, and no token ever names a user id.
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

SESSION_TOKEN_BYTES = 32  # 256 bits from the operating system's CSPRNG
# Module-level so tests can swap in cheaper parameters; production keeps argon2's defaults.
password_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return password_hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return password_hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_session_token() -> str:
    """A fresh, unguessable token, handed to the client once and never stored."""
    return secrets.token_urlsafe(SESSION_TOKEN_BYTES)


def hash_session_token(token: str) -> str:
    """What the server stores and looks up: the token's SHA-256 in hex.

    A fast hash is enough here, unlike for passwords: the token has 256 bits of entropy, so
    nobody can search for it from its hash.
    """
    return hashlib.sha256(token.encode()).hexdigest()
