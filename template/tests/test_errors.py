from __future__ import annotations

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


def test_an_unexpected_error_is_500_without_a_traceback(app: FastAPI) -> None:
    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "secret internal detail" not in response.text
    assert "x-request-id" in response.headers


def test_validation_errors_name_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/auth/token", json={"email": "a@example.com"})
    assert response.status_code == 422
    detail = response.json()["error"]["details"][0]
    assert detail["location"] == ["body", "password"]
    assert detail["type"] == "missing"
