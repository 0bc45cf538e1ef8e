"""A browser test that fails on purpose, for tests/test_browser_artifacts.py to run in a pytest
of its own. Its name does not start with `test_`, so no ordinary run collects it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_the_health_page_answers_what_it_never_does(page: Page) -> None:
    page.goto("/healthz")
    assert page.locator("body").inner_text() == "a page this app never serves"
