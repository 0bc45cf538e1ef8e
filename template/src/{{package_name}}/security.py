"""Password hashing (argon2) and the opaque session tokens of bearers and browsers.

A session token is 256 random bits and says nothing by itself: the server keeps a row per
session (user/models.py AuthSession) holding only the token's SHA-256, so a token can be
revoked at once, a leaked table opens no account, and no token ever names a user id.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import ServerBusy

SESSION_TOKEN_BYTES = 32  # 256 bits from the operating system's CSPRNG
# Module-level so tests can swap in cheaper parameters; production keeps argon2's defaults.
password_hasher = PasswordHasher()


class HashingSlots:
    """At most `slots` argon2 hashes at once in this process; the others wait, then give up.

    Each hash takes 64 MiB for ~50 ms: without a bound, twelve concurrent logins took one
    worker from 166 MB to 781 MB. A request that finds no free slot within `wait_seconds` is
    answered 503 with Retry-After rather than queueing more memory.
    """

    def __init__(self, slots: int = 2, wait_seconds: float = 2.0) -> None:
        self.slots = slots
        self.wait_seconds = wait_seconds
        self._semaphore = threading.BoundedSemaphore(slots)

    @contextmanager
    def hold(self) -> Iterator[None]:
        if not self._semaphore.acquire(timeout=self.wait_seconds):
            raise ServerBusy(
                "The server is checking too many passwords at once; try again in a second.",
                retry_after=1,
            )
        try:
            yield
        finally:
            self._semaphore.release()


# One per process, shared by every thread; create_app sizes it from the settings.
hashing_slots = HashingSlots()


def configure_hashing(*, slots: int, wait_seconds: float) -> None:
    """Sizes the process's hashing slots (PASSWORD_HASHING_SLOTS) unless they already are."""
    global hashing_slots  # noqa: PLW0603
    if (hashing_slots.slots, hashing_slots.wait_seconds) != (slots, wait_seconds):
        hashing_slots = HashingSlots(slots, wait_seconds)


def hash_password(password: str) -> str:
    with hashing_slots.hold():
        return password_hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    with hashing_slots.hold():
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
