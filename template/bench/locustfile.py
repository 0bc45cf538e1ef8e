"""The beta's journey under load, for a deployed environment: `make loadtest HOST=https://...`.

Each simulated person is invited by an admin, signs up with the code, logs in, creates a
first item, views a page and lists their items; then, until the run ends, lists them again,
creates more and sends page views. Locust prints the failures and the percentiles of every
request at the end and exits 1 when any request failed.

Settings, from the environment:

- `LOADTEST_ADMIN_EMAIL`, `LOADTEST_ADMIN_PASSWORD`: an admin of the environment under test
  (`<cli> create-admin`), who creates the invites; logged in once per run.
- `LOADTEST_EMAIL_DOMAIN` (default `simulator.amazonses.com`): where the invitations go.
  Amazon SES's mailbox simulator accepts `success+<label>@simulator.amazonses.com` without
  sending anything or touching the account's reputation; use a domain of your own elsewhere.
- `LOADTEST_WAIT_SECONDS` (default `1-3`): the pause between one person's requests.

A person whose invitation, sign-up or login is refused stops; the others go on.

The sign-up and login limits apply to a load test like to anyone: one client address may
sign up `SIGNUPS_PER_IP` people (20) per `RATE_LIMIT_WINDOW_SECONDS` (15 minutes). A refused
request is a failure in the summary, named "429"; raise the limit for the run, or run fewer
people. The accounts stay: their addresses start with `success+loadtest-`.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from locust import HttpUser, between, events, task
from locust.env import Environment
from locust.exception import StopUser

RUN = uuid.uuid4().hex[:8]
PASSWORD = f"load-{RUN}-{uuid.uuid4().hex}"
_admin_token: str | None = None
_admin_lock = threading.Lock()
_people = iter(range(1_000_000))


def _wait_range() -> tuple[float, float]:
    low, _, high = os.environ.get("LOADTEST_WAIT_SECONDS", "1-3").partition("-")
    return float(low), float(high or low)


def _needs_an_admin(environment: Environment, **_kwargs: Any) -> None:
    missing = [name for name in ("LOADTEST_ADMIN_EMAIL", "LOADTEST_ADMIN_PASSWORD")
               if not os.environ.get(name)]  # fmt: skip
    if missing:
        message = f"set {' and '.join(missing)}: an admin of the environment creates the invites"
        raise SystemExit(message)
    if environment.host is None:
        raise SystemExit("give the environment's URL: make loadtest HOST=https://...")


# Registered by a call, not as a decorator: locust's add_listener has no type hints, and a
# decorator would leave the function untyped (mypy's error code for that differs by version).
events.test_start.add_listener(_needs_an_admin)  # type: ignore[no-untyped-call]


class BetaUser(HttpUser):
    """One invited person, from the invitation to everyday use."""

    wait_time = between(*_wait_range())

    def on_start(self) -> None:
        """The invitation, the sign-up and the first visit; a refusal stops this person."""
        number = next(_people)
        domain = os.environ.get("LOADTEST_EMAIL_DOMAIN", "simulator.amazonses.com")
        email = f"success+loadtest-{RUN}-{number}@{domain}"
        invite = self._post("/api/v1/invites", {"email": email}, token=self._admin(), name="invite")
        signed_up = invite and self._post(
            "/api/v1/users",
            {"email": email, "password": PASSWORD, "invite_code": invite["code"]},
            name="sign up",
        )
        login = signed_up and self._post(
            "/api/v1/auth/token", {"email": email, "password": PASSWORD}, name="log in"
        )
        if not login:
            raise StopUser
        self.token = str(login["access_token"])
        self.create_item()
        self.view_a_page()
        self.list_items()

    @task(5)
    def list_items(self) -> None:
        with self.client.get(
            "/api/v1/items?limit=20",
            headers=self._bearer(self.token),
            name="list items",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:200]}")

    @task(2)
    def create_item(self) -> None:
        self._post(
            "/api/v1/items",
            {"name": f"Load test {time.monotonic_ns()}", "price_cents": 1200},
            token=self.token,
            name="create item",
        )

    @task(3)
    def view_a_page(self) -> None:
        event = {
            "event_id": str(uuid.uuid4()),
            "name": "page_viewed",
            "occurred_at": datetime.now(UTC).isoformat(),
            "properties": {"path": "/items"},
            "anonymous_id": f"loadtest-{RUN}",
        }
        self._post("/api/v1/events", {"events": [event]}, token=self.token, name="events")

    def _admin(self) -> str | None:
        """The admin's bearer token, logged in once for every simulated person."""
        global _admin_token  # noqa: PLW0603 - one login per run, shared by every person
        with _admin_lock:
            if _admin_token is None:
                credentials = {
                    "email": os.environ["LOADTEST_ADMIN_EMAIL"],
                    "password": os.environ["LOADTEST_ADMIN_PASSWORD"],
                }
                answer = self._post("/api/v1/auth/token", credentials, name="admin log in")
                _admin_token = str(answer["access_token"]) if answer else None
        return _admin_token

    @staticmethod
    def _bearer(token: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"} if token else {}

    def _post(
        self, path: str, body: dict[str, Any], *, name: str, token: str | None = None
    ) -> dict[str, Any] | None:
        """POST as JSON: the answer, or None when it is not a 2xx (a failure named by its
        status) or holds rejected events."""
        with self.client.post(
            path, json=body, headers=self._bearer(token), name=name, catch_response=True
        ) as response:
            if not 200 <= response.status_code < 300:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return None
            answer: dict[str, Any] = response.json()
            if answer.get("rejected"):
                response.failure(f"events rejected: {answer['rejected']}")
                return None
            return answer
