from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient


def test_unknown_route_uses_the_error_body(client: TestClient) -> None:
    response = client.get("/no/such/route")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Not Found", "details": []}
    }


def test_wrong_method_uses_the_error_body(client: TestClient) -> None:
    response = client.put("/healthz")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/api/v1/users", "GET, POST"),  # sign-up and the admin's list
        ("TRACE", "/healthz", "GET"),
        ("PUT", "/healthz", "GET"),
        ("DELETE", "/api/v1/invites", "GET, POST"),  # two routes share the path
        ("PUT", "/api/v1/items/1", "GET, PATCH, DELETE"),
        ("TRACE", "/api/v1/auth/token", "POST"),
    ],
)
def test_a_405_lists_the_allowed_methods(
    client: TestClient, method: str, path: str, allowed: str
) -> None:
    """RFC 9110 requires Allow on every 405, with every method the path serves."""
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response.headers["allow"] == allowed


def test_an_unexpected_error_is_500_without_a_traceback(own_app: FastAPI) -> None:
    @own_app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    with TestClient(own_app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/boom")

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "secret internal detail" not in response.text
    assert "x-request-id" in response.headers
    # The 500 is written outside the app, yet carries the same security headers.
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    assert "permissions-policy" in response.headers


def test_validation_errors_name_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/auth/token", json={"email": "a@example.com"})
    assert response.status_code == 422
    detail = response.json()["error"]["details"][0]
    assert detail["location"] == ["body", "password"]
    assert detail["type"] == "missing"
