"""Waitlist use cases: each calls the services, records its event, queues its e-mail and commits.

Inviting from the waitlist spans two domains, so it lives here, above both: the invites are
issued and e-mailed exactly as an admin's other invites are (invite/flows.py), and the rows
they came from are marked invited in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from ..analytics import events
from ..invite import flows as invite_flows
from ..invite import service as invite_service
from ..invite.flows import Channel
from ..mail import outbox
from . import service
from .exceptions import LeaveLinkInvalid
from .models import WaitlistEntry

# A visitor joins from the API or the page; only admins use the command line.
JoinChannel = Literal["api", "web"]


def join(session: Session, *, email: str, note: str, now: datetime, channel: JoinChannel) -> None:
    """Lists the address and e-mails a confirmation with the leave link, once per address.

    An address already listed changes nothing and gets no second message, so the form can
    neither tell anyone who is listed nor be used to flood someone's inbox.
    """
    joined = service.join(session, email=email, note=note, now=now)
    if joined is None:
        return
    entry_id, token = joined
    outbox.queue_mail(
        session,
        template="waitlist_joined",
        to=service.normalise_email(email),
        # After `#`, as the invite and reset links: no request line, so no access log, holds it.
        context={"path": "/waitlist/leave#" + urlencode({"token": token}), "code": token},
        key=f"waitlist:{entry_id}",
    )
    events.waitlist_joined(session, user_id=None, has_note=bool(note.strip()), channel=channel)
    session.commit()


def leave(session: Session, *, token: str) -> None:
    """Removes the entry of the e-mailed leave link (LeaveLinkInvalid if there is none)."""
    if not service.leave(session, token=token):
        raise LeaveLinkInvalid
    session.commit()


@dataclass(frozen=True)
class Invited:
    """The entries that were invited, and why the others were not (one message each)."""

    invited: list[WaitlistEntry]
    not_invited: list[str]


def invite(
    session: Session, *, entries: list[WaitlistEntry], admin_id: int | None, valid_days: int,
    now: datetime, channel: Channel,
) -> Invited:  # fmt: skip
    """Invites the selected people; an address with an account or an open invite is reported.

    Each invitation is e-mailed as any other invite is; the rows are marked invited.
    """
    result = invite_service.create_each(
        session, emails=[entry.email for entry in entries], created_by_id=admin_id,
        valid_days=valid_days, now=now,
    )  # fmt: skip
    invite_flows.send_invites(session, result.created, created_by_id=admin_id, channel=channel)
    by_email = {entry.email: entry for entry in entries}
    invited = []
    for issued in result.created:
        entry = by_email[issued.invite.email]
        service.mark_invited(entry, invite_id=issued.invite.id, now=now)
        invited.append(entry)
    session.commit()
    return Invited(invited=invited, not_invited=result.skipped)


def purge(session: Session, *, now: datetime, retention_days: int) -> int:
    """Deletes the entries invited more than `retention_days` ago; returns how many."""
    deleted = service.purge_invited(session, before=now - timedelta(days=retention_days))
    session.commit()
    return deleted
