from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Response
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from .factories import PASSWORD, make_admin


def test_a_request_id_is_generated(client: TestClient) -> None:
    response = client.get("/healthz")
    assert len(response.headers["x-request-id"]) == 32


def test_a_safe_request_id_is_echoed(client: TestClient) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "trace-123.abc"})
    assert response.headers["x-request-id"] == "trace-123.abc"


@pytest.mark.parametrize("unsafe", ["has spaces", "x" * 200, "semi;colon"])
def test_an_unsafe_request_id_is_replaced(client: TestClient, unsafe: str) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": unsafe})
    assert response.headers["x-request-id"] != unsafe
    assert len(response.headers["x-request-id"]) == 32


def test_security_headers_on_api_responses(client: TestClient) -> None:
    headers = client.get("/healthz").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert "strict-transport-security" not in headers  # only in production


def test_every_response_denies_unused_browser_features(client: TestClient) -> None:
    """Permissions-Policy on the probe, the API, an error and the docs alike."""
    for path in ("/healthz", "/api/v1/users/me", "/no/such/route", "/docs"):
        policy = client.get(path).headers["permissions-policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy, (path, feature)


def test_api_answers_with_personal_data_are_not_stored(
    client: TestClient, session: Session
) -> None:
    """The token, the signed-in user and the invites must not stay in any cache."""
    admin = make_admin(session)
    token = client.post("/api/v1/auth/token", json={"email": admin.email, "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    invite = client.post("/api/v1/invites", json={"email": "new@example.com"}, headers=headers)
    responses = [
        token,
        client.get("/api/v1/users/me", headers=headers),
        invite,
        client.get("/api/v1/invites", headers=headers),
        client.get("/api/v1/users/me"),  # the 401 too
    ]
    for response in responses:
        assert response.headers["cache-control"] == "no-store", response.request.url


def test_a_route_that_sets_its_own_cache_control_keeps_it(own_app: FastAPI) -> None:
    @own_app.get("/api/v1/cacheable")
    def cacheable(response: Response) -> dict[str, str]:
        response.headers["Cache-Control"] = "public, max-age=60"
        return {}

    with TestClient(own_app) as client:
        assert client.get("/api/v1/cacheable").headers["cache-control"] == "public, max-age=60"


def test_the_docs_page_can_load_its_assets(client: TestClient) -> None:
    assert "content-security-policy" not in client.get("/docs").headers


def test_an_oversized_declared_body_is_413(client: TestClient, app: FastAPI) -> None:
    limit = app.state.settings.max_request_bytes
    response = client.post(
        "/api/v1/auth/token",
        content=b"x" * (limit + 1),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_an_oversized_streamed_body_is_413(client: TestClient, app: FastAPI) -> None:
    limit = app.state.settings.max_request_bytes

    def chunks() -> Iterator[bytes]:
        for _ in range(limit // 4096 + 2):
            yield b"x" * 4096

    response = client.post(
        "/api/v1/auth/token", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


@pytest.mark.parametrize("host", ["attacker.example", "acme-beta.example.attacker.example", ""])
def test_a_host_the_site_does_not_serve_is_400(client: TestClient, host: str) -> None:
    """A forged Host never reaches a route (a redirect, a link, a cache key built from it)."""
    response = client.get("/api/v1/users/me", headers={"Host": host})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_host"
    assert "attacker" not in response.text
    assert response.headers["x-request-id"]


@pytest.mark.parametrize("host", ["acme-beta.example", "ACME-BETA.example:443", "127.0.0.1:8000"])
def test_the_site_s_own_hosts_are_served(client: TestClient, host: str) -> None:
    assert client.get("/api/v1/users/me", headers={"Host": host}).status_code == 401


@pytest.mark.parametrize("path", ["/healthz", "/metrics"])
def test_probes_and_scrapes_at_a_task_s_own_address_pass(client: TestClient, path: str) -> None:
    """The load balancer's health check and Prometheus name the task's private address."""
    assert client.get(path, headers={"Host": "10.0.3.17:8000"}).status_code == 200
