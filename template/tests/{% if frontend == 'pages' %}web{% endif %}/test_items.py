"""The item pages: a signed-in user lists, creates, edits and deletes their own items."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ..factories import make_member
from .helpers import log_in, submit

ITEM = {"name": "Blue mug", "description": "Holds tea.", "price": "12.50"}


def _signed_in(client: TestClient, session: Session, email: str = "member@example.com") -> None:
    make_member(session, email=email)
    log_in(client, email)


def _create(client: TestClient, **fields: str) -> None:
    response = submit(client, "/items/new", {**ITEM, **fields})
    assert response.status_code == 303, response.text


def _first_item_id(client: TestClient) -> str:
    match = re.search(r'href="/items/(\d+)/edit"', client.get("/items").text)
    assert match, "no item on the list"
    return match.group(1)


def test_the_item_pages_need_a_session(client: TestClient) -> None:
    for path in ("/items", "/items/new", "/items/1/edit"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")


def test_create_edit_and_delete_an_item(client: TestClient, session: Session) -> None:
    _signed_in(client, session)
    _create(client)
    listing = client.get("/items?notice=item-created")
    assert "The item was created." in listing.text
    assert "Blue mug" in listing.text and "12.50" in listing.text
    item_id = _first_item_id(client)
    edit_path = f"/items/{item_id}/edit"
    assert 'value="12.50"' in client.get(edit_path).text
    saved = submit(client, edit_path, {**ITEM, "name": "Blue mug, large", "price": "14"})
    assert saved.headers["location"] == "/items?notice=item-updated"
    assert "Blue mug, large" in client.get("/items").text
    unchanged = submit(client, edit_path, {**ITEM, "name": "Blue mug, large", "price": "14.00"})
    assert unchanged.status_code == 303
    deleted = submit(client, f"/items/{item_id}/delete", {}, page="/items")
    assert deleted.headers["location"] == "/items?notice=item-deleted"
    assert "You have no items yet." in client.get("/items").text


def test_bad_item_input_is_shown_next_to_the_field_and_kept(
    client: TestClient, session: Session
) -> None:
    _signed_in(client, session)
    response = submit(client, "/items/new", {"name": " ", "description": "x", "price": "12.505"})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert "Enter a price such as 12 or 12.50" in response.text
    assert 'value="12.505"' in response.text
    too_dear = submit(client, "/items/new", {**ITEM, "price": "2000000"})
    assert "Enter a price from 0 to 1,000,000." in too_dear.text
    assert "You have no items yet." in client.get("/items").text  # nothing was stored


def test_someone_elses_item_is_not_found(client: TestClient, session: Session) -> None:
    _signed_in(client, session, "owner@example.com")
    _create(client)
    item_id = _first_item_id(client)
    client.cookies.clear()
    _signed_in(client, session, "other@example.com")
    response = client.get(f"/items/{item_id}/edit")
    assert response.status_code == 404
    assert "does not exist or is not yours" in response.text
    refused = submit(client, f"/items/{item_id}/delete", {}, page="/items")
    assert refused.status_code == 404


def test_the_list_pages_through_many_items(client: TestClient, session: Session) -> None:
    _signed_in(client, session)
    for number in range(21):
        _create(client, name=f"Item {number}")
    first = client.get("/items").text
    assert "21 items, newest first" in first and 'href="/items?page=2"' in first
    assert "Item 0" in client.get("/items?page=2").text
