from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ..factories import auth_headers, make_admin, make_member


@pytest.fixture
def headers(client: TestClient, session: Session) -> dict[str, str]:
    return auth_headers(client, email=make_member(session).email)


def _create(client: TestClient, headers: dict[str, str], **fields: object) -> dict[str, object]:
    body = {"name": "Lamp", "description": "A desk lamp", "price_cents": 1999, **fields}
    response = client.post("/api/v1/items", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_create_then_read(client: TestClient, headers: dict[str, str]) -> None:
    created = _create(client, headers)

    response = client.get(f"/api/v1/items/{created['id']}", headers=headers)

    assert response.status_code == 200
    assert response.json() == created
    assert created["price_cents"] == 1999


def test_list_is_paginated_newest_first(client: TestClient, headers: dict[str, str]) -> None:
    for number in range(5):
        _create(client, headers, name=f"Item {number}")

    first = client.get("/api/v1/items", params={"limit": 2}, headers=headers).json()
    last = client.get("/api/v1/items", params={"limit": 2, "offset": 4}, headers=headers).json()

    assert first["total"] == 5
    assert [item["name"] for item in first["items"]] == ["Item 4", "Item 3"]
    assert [item["name"] for item in last["items"]] == ["Item 0"]
    assert (last["limit"], last["offset"]) == (2, 4)


def test_patch_changes_only_the_given_fields(client: TestClient, headers: dict[str, str]) -> None:
    created = _create(client, headers)

    response = client.patch(
        f"/api/v1/items/{created['id']}",
        json={"price_cents": 2500, "description": None},
        headers=headers,
    )

    assert response.status_code == 200
    body = response.json()
    assert body["price_cents"] == 2500
    assert body["name"] == "Lamp"
    assert body["description"] == "A desk lamp"  # null leaves the field unchanged
    assert body["updated_at"] >= str(created["updated_at"])


def test_delete_then_404(client: TestClient, headers: dict[str, str]) -> None:
    created = _create(client, headers)

    deleted = client.delete(f"/api/v1/items/{created['id']}", headers=headers)

    assert deleted.status_code == 204
    assert deleted.content == b""
    missing = client.get(f"/api/v1/items/{created['id']}", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "item_not_found"


def test_other_peoples_items_are_invisible(
    client: TestClient, session: Session, headers: dict[str, str]
) -> None:
    created = _create(client, headers)
    other = auth_headers(client, email=make_admin(session).email)
    path = f"/api/v1/items/{created['id']}"

    assert client.get(path, headers=other).status_code == 404
    assert client.patch(path, json={"name": "Mine"}, headers=other).status_code == 404
    assert client.delete(path, headers=other).status_code == 404
    assert client.get("/api/v1/items", headers=other).json()["total"] == 0
    assert client.get(path, headers=headers).json()["name"] == "Lamp"


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Lamp", "price_cents": False},
        {"name": "Lamp", "price_cents": "100"},
        {"name": "Lamp", "price_cents": 10.5},
        {"name": "Lamp", "price_cents": -1},
        {"name": "x" * 201},
        {"name": ""},
        {"price_cents": 100},
        {"name": "Lamp", "colour": "red"},
    ],
    ids=["bool-price", "string-price", "float-price", "negative-price", "long-name", "empty-name",
         "missing-name", "unknown-field"],
)  # fmt: skip
def test_invalid_items_are_422(
    client: TestClient, headers: dict[str, str], body: dict[str, object]
) -> None:
    response = client.post("/api/v1/items", json=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize("item_id", ["0", str(2**40), "abc"])
def test_out_of_range_ids_are_422(
    client: TestClient, headers: dict[str, str], item_id: str
) -> None:
    assert client.get(f"/api/v1/items/{item_id}", headers=headers).status_code == 422


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}])
def test_bad_pages_are_422(
    client: TestClient, headers: dict[str, str], params: dict[str, int]
) -> None:
    assert client.get("/api/v1/items", params=params, headers=headers).status_code == 422


def test_items_need_a_token(client: TestClient) -> None:
    assert client.get("/api/v1/items").status_code == 401
    assert client.post("/api/v1/items", json={"name": "Lamp"}).status_code == 401
