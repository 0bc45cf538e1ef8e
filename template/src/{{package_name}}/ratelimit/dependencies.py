"""The limits the front doors apply, each checked before any password is hashed.

The client is `request.client.host`: uvicorn sets it from X-Forwarded-For only when the
peer is one of FORWARDED_ALLOW_IPS (the load balancer), so a client cannot pick its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine

from ..config import Settings
from ..db import utcnow
from ..dependencies import SettingsDep
from ..errors import TooManyRequests
from . import service

_MESSAGES = {
    "login-ip": "Too many login attempts from your network; try again later.",
    "login-account": "Too many login attempts for this account; try again later.",
    "signup-ip": "Too many sign-ups from your network; try again later.",
    "waitlist-ip": "Too many waitlist requests from your network; try again later.",
    "reset-ip": "Too many password reset requests from your network; try again later.",
    "reset-address": "Too many password reset requests for this address; try again later.",
    "events-ip": "Too many event batches from your network; try again later.",
    "feedback-account": "You sent a lot of feedback just now, thank you; try again later.",
}


@dataclass(frozen=True)
class Limiter:
    """One request's view of the limits: who is asking, and when."""

    engine: Engine
    settings: Settings
    client_ip: str
    now: datetime

    def _check(self, *limits: tuple[str, str, int]) -> None:
        """Counts the attempt against each limit in turn; the first one used up refuses it."""
        for scope, value, limit in limits:
            verdict = service.hit(
                self.engine, key=service.key(scope, value), limit=limit,
                window_seconds=self.settings.rate_limit_window_seconds, now=self.now,
            )  # fmt: skip
            if not verdict.allowed:
                raise TooManyRequests(_MESSAGES[scope], retry_after=verdict.retry_after)

    def log_in(self, *, email: str) -> None:
        settings = self.settings
        self._check(
            ("login-ip", self.client_ip, settings.login_attempts_per_ip),
            ("login-account", _address(email), settings.login_attempts_per_account),
        )

    def sign_up(self) -> None:
        self._check(("signup-ip", self.client_ip, self.settings.signups_per_ip))

    def join_waitlist(self) -> None:
        """The sign-up limit's number, on a counter of its own: joining spends no sign-ups."""
        self._check(("waitlist-ip", self.client_ip, self.settings.signups_per_ip))

    def password_reset(self, *, email: str) -> None:
        settings = self.settings
        self._check(
            ("reset-ip", self.client_ip, settings.password_resets_per_ip),
            ("reset-address", _address(email), settings.password_resets_per_address),
        )

    def ingest_events(self) -> None:
        self._check(("events-ip", self.client_ip, self.settings.event_batches_per_ip))

    def send_feedback(self, *, user_id: int) -> None:
        """Per account, not per IP: only signed-in users send feedback."""
        self._check(("feedback-account", str(user_id), self.settings.feedback_per_account))


def _address(email: str) -> str:
    """The address as accounts store it (user.service.normalise_email), so case cannot dodge."""
    return email.strip().lower()


async def get_limiter(request: Request, settings: SettingsDep) -> Limiter:
    # Tests move the clock with app.state.clock; the app itself never sets it.
    clock: Callable[[], datetime] = getattr(request.app.state, "clock", utcnow)
    return Limiter(
        engine=request.app.state.engine,
        settings=settings,
        client_ip=request.client.host if request.client else "unknown",
        now=clock(),
    )


LimiterDep = Annotated[Limiter, Depends(get_limiter)]
