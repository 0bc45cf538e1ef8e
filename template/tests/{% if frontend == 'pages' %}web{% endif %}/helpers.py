"""Driving the pages as a browser without JavaScript would: read the CSRF token, post forms."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx2 import Response

from ..factories import PASSWORD

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: TestClient, path: str = "/login") -> str:
    """The token a page's forms carry (the page also sets the matching cookie)."""
    page = client.get(path)
    match = _CSRF.search(page.text)
    assert match, f"no CSRF field on {path}: {page.status_code} {page.text[:300]}"
    return match.group(1)


def submit(
    client: TestClient,
    path: str,
    data: dict[str, str],
    *,
    page: str | None = None,
    files: dict[str, tuple[str, bytes, str]] | None = None,
) -> Response:
    """Posts `data` the way the form on `page` (default: `path`) would, CSRF token included."""
    token = csrf_token(client, page or path)
    return client.post(
        path, data={**data, "csrf_token": token}, files=files, follow_redirects=False
    )


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> Response:
    response = submit(client, "/login", {"email": email, "password": password})
    assert response.status_code == 303, response.text
    return response
