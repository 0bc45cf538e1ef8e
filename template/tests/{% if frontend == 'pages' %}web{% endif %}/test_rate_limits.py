"""The pages count against the same limits as the API, and answer the form with a 429."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..conftest import LimitedClient
from ..factories import PASSWORD, make_member
from ..ratelimit.helpers import assert_limited
from .helpers import submit


def test_the_login_page_has_the_same_limits(limited: LimitedClient, session: Session) -> None:
    make_member(session)
    client = limited(login_attempts_per_account=1)
    form = {"email": "member@example.com", "password": "wrong password!"}
    assert submit(client, "/login", form).status_code == 400

    refused = submit(client, "/login", form)

    assert_limited(refused)
    assert "Too many login attempts" in refused.text


def test_the_sign_up_page_has_the_same_limit(limited: LimitedClient) -> None:
    client = limited(signups_per_ip=1)
    form = {"email": "new@example.com", "password": PASSWORD, "invite_code": "unknown-invite-code"}
    assert submit(client, "/signup", form).status_code != 429

    refused = submit(client, "/signup", form)

    assert_limited(refused)
    assert "Too many sign-ups" in refused.text


def test_the_password_reset_page_has_the_same_limits(limited: LimitedClient) -> None:
    client = limited(password_resets_per_address=1)
    form = {"email": "ada@example.com"}
    assert submit(client, "/password-reset", form).status_code == 303

    refused = submit(client, "/password-reset", form)

    assert_limited(refused)
    assert "Too many password reset requests" in refused.text
