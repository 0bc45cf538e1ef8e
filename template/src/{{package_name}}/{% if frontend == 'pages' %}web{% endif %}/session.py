"""Browser sessions and CSRF tokens, both carried in cookies the page's scripts cannot read.

The session cookie holds an opaque random token; the server keeps the session itself (a "web"
row of auth_sessions, see user/service.py), so logging out, changing the password or a
deactivation ends it at once. CSRF uses the signed double-submit pattern: a random value
in a cookie, and in every form an HMAC of that value under the secret key. Another site can
make the browser send the cookie but cannot read it, so it cannot produce the form field.
The HMAC also covers the session cookie, so a pair taken from one session (an attacker's own,
planted into a victim's browser through a sibling subdomain) is refused in any other.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from fastapi import Request, Response

from ..config import Environment, Settings

SESSION_COOKIE = "session"
CSRF_COOKIE = "csrf"
CSRF_FIELD = "csrf_token"
SESSION_LIFETIME = timedelta(days=7)


def _secure(settings: Settings) -> bool:
    # Secure cookies are never sent over plain HTTP: local development and tests run without TLS.
    return settings.environment in {Environment.STAGING, Environment.PRODUCTION}


def _set_cookie(
    response: Response, name: str, value: str, *, max_age: int | None, settings: Settings
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        secure=_secure(settings),
        samesite="lax",
        path="/",
    )


def set_session_cookie(response: Response, *, token: str, settings: Settings) -> None:
    """Hands the browser its session token, with a fresh CSRF value so one handed out before
    login is worthless."""
    max_age = int(SESSION_LIFETIME.total_seconds())
    _set_cookie(response, SESSION_COOKIE, token, max_age=max_age, settings=settings)
    _set_cookie(response, CSRF_COOKIE, secrets.token_urlsafe(32), max_age=None, settings=settings)


def clear_session_cookies(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


def session_token(request: Request) -> str | None:
    """The session token the browser sent, if any (checked against the database by the caller)."""
    return request.cookies.get(SESSION_COOKIE) or None


def _sign(request: Request, value: str, settings: Settings) -> str:
    """The form token for this CSRF value, bound to the browser's session (none before login)."""
    key = settings.secret_key.encode()
    bound = f"csrf:{value}:{session_token(request) or ''}".encode()
    return hmac.new(key, bound, hashlib.sha256).hexdigest()


def csrf_token(request: Request, response: Response, *, settings: Settings) -> str:
    """The token for this page's forms; sets the CSRF cookie when the browser has none yet."""
    value = request.cookies.get(CSRF_COOKIE)
    if not value:
        value = secrets.token_urlsafe(32)
        _set_cookie(response, CSRF_COOKIE, value, max_age=None, settings=settings)
    return _sign(request, value, settings)


def csrf_valid(request: Request, submitted: str, *, settings: Settings) -> bool:
    value = request.cookies.get(CSRF_COOKIE)
    if not value or not submitted:
        return False
    return hmac.compare_digest(_sign(request, value, settings), submitted)
