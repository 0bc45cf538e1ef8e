"""Invite use cases: each calls the service, records `invite_created` and commits.

`channel` says which way in was used (the API, the pages or the command line).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session

from ..analytics import events
from . import service
from .service import IssuedInvite

Channel = Literal["api", "cli", "web"]


def create_invite(
    session: Session,
    *,
    email: str,
    created_by_id: int | None,
    valid_days: int,
    now: datetime,
    channel: Channel,
) -> IssuedInvite:
    """Invites one person; the code in the answer is the only copy."""
    issued = service.create(
        session, email=email, created_by_id=created_by_id, valid_days=valid_days, now=now
    )
    events.invite_created(
        session, user_id=created_by_id, invite_id=issued.invite.id, channel=channel
    )
    session.commit()
    return issued


def import_invites(
    session: Session,
    *,
    text: str,
    created_by_id: int | None,
    valid_days: int,
    now: datetime,
    channel: Channel,
) -> list[IssuedInvite]:
    """Invites everyone in a CSV, or no one (InviteImportError names every bad line)."""
    issued = service.import_csv(
        session, text=text, created_by_id=created_by_id, valid_days=valid_days, now=now
    )
    for each in issued:
        events.invite_created(
            session, user_id=created_by_id, invite_id=each.invite.id, channel=channel
        )
    session.commit()
    return issued
