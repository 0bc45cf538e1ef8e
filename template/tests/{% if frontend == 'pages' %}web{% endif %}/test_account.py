"""The account page shows who is signed in."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ..factories import make_member
from .helpers import log_in


def test_the_account_page_shows_the_user(client: TestClient, session: Session) -> None:
    make_member(session)
    log_in(client, "member@example.com")
    page = client.get("/account")
    assert page.status_code == 200
    assert "member@example.com" in page.text and "Beta user" in page.text
    assert "<h1>Your account</h1>" in page.text
