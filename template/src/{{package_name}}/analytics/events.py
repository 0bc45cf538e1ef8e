"""Typed helpers for every server event of the tracking plan.

Generated from tracking_plan.yaml by `analytics codegen`: do not edit by hand.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from .service import track


def user_signed_up(
    session: Session,
    *,
    user_id: int | None,
    invite_age_hours: float,
) -> None:
    """A person created an account with an invite code."""
    track(
        session,
        "user_signed_up",
        user_id=user_id,
        properties={
            "invite_age_hours": invite_age_hours,
        },
    )


def user_logged_in(
    session: Session,
    *,
    user_id: int | None,
) -> None:
    """A person exchanged their password for a token."""
    track(
        session,
        "user_logged_in",
        user_id=user_id,
        properties={},
    )


def invite_created(
    session: Session,
    *,
    user_id: int | None,
    invite_id: int,
    channel: Literal["api", "cli", "web"],
) -> None:
    """An admin invited someone."""
    track(
        session,
        "invite_created",
        user_id=user_id,
        properties={
            "invite_id": invite_id,
            "channel": channel,
        },
    )


def invite_accepted(
    session: Session,
    *,
    user_id: int | None,
    invite_id: int,
) -> None:
    """An invite was used to sign up."""
    track(
        session,
        "invite_accepted",
        user_id=user_id,
        properties={
            "invite_id": invite_id,
        },
    )


def item_created(
    session: Session,
    *,
    user_id: int | None,
    item_id: int,
    price_cents: int,
) -> None:
    """A user created an item (the example domain's core action)."""
    track(
        session,
        "item_created",
        user_id=user_id,
        properties={
            "item_id": item_id,
            "price_cents": price_cents,
        },
    )


def item_updated(
    session: Session,
    *,
    user_id: int | None,
    item_id: int,
    fields: str,
) -> None:
    """A user changed an item."""
    track(
        session,
        "item_updated",
        user_id=user_id,
        properties={
            "item_id": item_id,
            "fields": fields,
        },
    )


def user_deleted(
    session: Session,
    *,
    user_id: int | None,
) -> None:
    """A person deleted their account; their earlier events were anonymised."""
    track(
        session,
        "user_deleted",
        user_id=user_id,
        properties={},
    )


def item_deleted(
    session: Session,
    *,
    user_id: int | None,
    item_id: int,
) -> None:
    """A user deleted an item."""
    track(
        session,
        "item_deleted",
        user_id=user_id,
        properties={
            "item_id": item_id,
        },
    )


def waitlist_joined(
    session: Session,
    *,
    user_id: int | None,
    has_note: bool,
    channel: Literal["api", "web"],
) -> None:
    """A visitor put a new address on the waitlist; the address is never a property."""
    track(
        session,
        "waitlist_joined",
        user_id=user_id,
        properties={
            "has_note": has_note,
            "channel": channel,
        },
    )


def feedback_sent(
    session: Session,
    *,
    user_id: int | None,
    rating: int,
    path: str,
) -> None:
    """A signed-in user rated a page; the text they wrote is never a property."""
    track(
        session,
        "feedback_sent",
        user_id=user_id,
        properties={
            "rating": rating,
            "path": path,
        },
    )
