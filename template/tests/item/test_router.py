from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ..factories import auth_headers, make_admin, make_member


@pytest.fixture
def headers(client: TestClient, session: Session) -> dict[str, str]:
    return auth_headers(client, email=make_member(session).email)


def _create(client: TestClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {"name": "Lamp", "description": "A desk lamp", "price_cents": 1999, **fields}
    response = client.post("/api/v1/items", json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_create_then_read(client: TestClient, headers: dict[str, str]) -> None:
    created = _create(client, headers)

    response = client.get(f"/api/v1/items/{created['id']}", headers=headers)

    assert response.status_code == 200
    assert response.json() == created
    assert (created["name"], created["description"], created["price_cents"]) == (
        "Lamp",
        "A desk lamp",
        1999,
    )


def test_description_and_price_are_optional(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/api/v1/items", json={"name": "Lamp"}, headers=headers)

    assert response.status_code == 201
    assert (response.json()["description"], response.json()["price_cents"]) == ("", 0)


def test_list_is_paginated_newest_first(client: TestClient, headers: dict[str, str]) -> None:
    for number in range(5):
        _create(client, headers, name=f"Item {number}")

    first = client.get("/api/v1/items", params={"limit": 2}, headers=headers).json()
    last = client.get("/api/v1/items", params={"limit": 2, "offset": 4}, headers=headers).json()
    beyond = client.get("/api/v1/items", params={"offset": 10}, headers=headers).json()

    assert (first["total"], first["limit"], first["offset"]) == (5, 2, 0)
    assert [item["name"] for item in first["items"]] == ["Item 4", "Item 3"]
    assert (last["total"], last["limit"], last["offset"]) == (5, 2, 4)
    assert [item["name"] for item in last["items"]] == ["Item 0"]
    assert (beyond["items"], beyond["total"]) == ([], 5)


def test_the_list_defaults_to_twenty(client: TestClient, headers: dict[str, str]) -> None:
    page = client.get("/api/v1/items", headers=headers).json()

    assert (page["items"], page["total"], page["limit"], page["offset"]) == ([], 0, 20, 0)


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
    assert body["created_at"] == created["created_at"]
    assert datetime.fromisoformat(body["updated_at"]) > datetime.fromisoformat(
        created["updated_at"]
    )
    reread = client.get(f"/api/v1/items/{created['id']}", headers=headers).json()
    assert reread == body


def test_delete_then_404(client: TestClient, headers: dict[str, str]) -> None:
    created = _create(client, headers)
    path = f"/api/v1/items/{created['id']}"

    deleted = client.delete(path, headers=headers)

    assert deleted.status_code == 204
    assert deleted.content == b""
    for response in (client.get(path, headers=headers), client.delete(path, headers=headers)):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "item_not_found"
    assert client.get("/api/v1/items", headers=headers).json()["total"] == 0


def test_other_peoples_items_are_invisible(
    client: TestClient, session: Session, headers: dict[str, str]
) -> None:
    created = _create(client, headers)
    other = auth_headers(client, email=make_admin(session).email)
    path = f"/api/v1/items/{created['id']}"

    responses = [
        client.get(path, headers=other),
        client.patch(path, json={"name": "Mine"}, headers=other),
        client.delete(path, headers=other),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert client.get("/api/v1/items", headers=other).json()["total"] == 0
    assert client.get(path, headers=headers).json() == created


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Lamp", "price_cents": False}, "price_cents"),
        ({"name": "Lamp", "price_cents": "100"}, "price_cents"),
        ({"name": "Lamp", "price_cents": 10.5}, "price_cents"),
        ({"name": "Lamp", "price_cents": -1}, "price_cents"),
        ({"name": "Lamp", "price_cents": 100_000_001}, "price_cents"),
        ({"name": "x" * 201}, "name"),
        ({"name": ""}, "name"),
        ({"name": None}, "name"),
        ({"name": "Lamp", "description": "x" * 5001}, "description"),
        ({"price_cents": 100}, "name"),
        ({"name": "Lamp", "colour": "red"}, "colour"),
        ({"name": "Desk\x00lamp"}, "name"),
    ],
    ids=["bool-price", "string-price", "float-price", "negative-price", "huge-price",
         "long-name", "empty-name", "null-name", "long-description", "missing-name",
         "unknown-field", "nul-in-name"],
)  # fmt: skip
def test_invalid_items_are_422(
    client: TestClient, headers: dict[str, str], body: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/items", json=body, headers=headers)

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert [detail["location"] for detail in error["details"]] == [["body", field]]
    assert client.get("/api/v1/items", headers=headers).json()["total"] == 0


def test_text_that_is_not_unicode_is_422(client: TestClient, headers: dict[str, str]) -> None:
    """A lone surrogate is valid JSON but cannot be stored; it is refused, not a 500."""
    response = client.post(
        "/api/v1/items",
        content=b'{"name": "Lamp \\ud800"}',
        headers={**headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 422


@pytest.mark.parametrize(
    "body",
    [{"price_cents": False}, {"price_cents": -1}, {"name": ""}, {"owner_id": 1}],
    ids=["bool-price", "negative-price", "empty-name", "owner"],
)
def test_invalid_patches_are_422_and_change_nothing(
    client: TestClient, headers: dict[str, str], body: dict[str, Any]
) -> None:
    created = _create(client, headers)
    path = f"/api/v1/items/{created['id']}"

    response = client.patch(path, json=body, headers=headers)

    assert response.status_code == 422
    assert client.get(path, headers=headers).json() == created


@pytest.mark.parametrize("item_id", ["0", "-1", str(2**31), str(2**40), "abc"])
def test_impossible_item_ids_are_422(
    client: TestClient, headers: dict[str, str], item_id: str
) -> None:
    """Ids outside the database's integer range are refused before any query, not a 500."""
    for response in (
        client.get(f"/api/v1/items/{item_id}", headers=headers),
        client.patch(f"/api/v1/items/{item_id}", json={"name": "x"}, headers=headers),
        client.delete(f"/api/v1/items/{item_id}", headers=headers),
    ):
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["location"] == ["path", "item_id"]


def test_the_largest_item_id_is_a_plain_404(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get(f"/api/v1/items/{2**31 - 1}", headers=headers)

    assert response.status_code == 404


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "ten"}],
    ids=["limit-0", "limit-101", "negative-offset", "text-limit"],
)
def test_bad_pages_are_422(
    client: TestClient, headers: dict[str, str], params: dict[str, Any]
) -> None:
    response = client.get("/api/v1/items", params=params, headers=headers)

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["location"][0] == "query"


def test_items_need_a_token(client: TestClient) -> None:
    responses = [
        client.get("/api/v1/items"),
        client.post("/api/v1/items", json={"name": "Lamp"}),
        client.get("/api/v1/items/1"),
        client.patch("/api/v1/items/1", json={"name": "Lamp"}),
        client.delete("/api/v1/items/1"),
    ]

    assert [response.status_code for response in responses] == [401] * 5
    assert all(response.headers["www-authenticate"] == "Bearer" for response in responses)
