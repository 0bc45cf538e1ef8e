"""What the tests of the limits share: a stopped clock, the login call, the 429 they expect."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from httpx2 import Response

from ..factories import PASSWORD

WINDOW = 900
NOW = datetime(2026, 12, 2, 12, 0, 0, tzinfo=UTC)


def log_in(
    client: TestClient, email: str = "member@example.com", password: str = PASSWORD,
    headers: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    body = {"email": email, "password": password}
    return client.post("/api/v1/auth/token", json=body, headers=headers)


def assert_limited(response: Response) -> None:
    """A 429 with Retry-After within the window; from the API, in the one error body."""
    assert response.status_code == 429, response.text
    assert 1 <= int(response.headers["Retry-After"]) <= WINDOW
    if response.headers["content-type"].startswith("application/json"):
        assert response.json()["error"]["code"] == "too_many_requests"
