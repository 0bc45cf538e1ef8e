"""Invite use cases: each calls the service, records its event, queues the e-mail and commits.

The invitation e-mail is queued in the same transaction as the invite, so an invite never
exists without its message or the other way round; the worker sends it. `channel` says which
way in was used (the API, the pages or the command line).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from ..analytics import events
from ..audit import service as audit
from ..jobs import service as jobs
from ..mail import outbox
from . import service
from .models import Invite
from .service import ImportResult, IssuedInvite

Channel = Literal["api", "cli", "web"]


def signup_path(issued: IssuedInvite) -> str:
    """The invite link's path. The code and address ride after `#`, which a browser never
    sends: no request line, so no access log (the load balancer's or ours), ever holds them.
    The sign-up page's script copies them into the form; without it, the person pastes the
    code the e-mail also gives.
    """
    return "/signup#" + urlencode({"code": issued.code, "email": issued.invite.email})


def _queue_invitation(session: Session, issued: IssuedInvite) -> None:
    invite = issued.invite
    if invite.mail_job is not None:  # a resend: the unsent old message's link no longer works
        jobs.cancel(
            session,
            job=invite.mail_job,
            reason="replaced by a newer invitation",
            scrubbed=outbox.kept_after_sending(invite.mail_job),
        )
    job = outbox.queue_mail(
        session,
        template="invite",
        to=invite.email,
        context={
            "path": signup_path(issued),
            "code": issued.code,
            "expires_on": f"{invite.expires_at:%Y-%m-%d}",
        },
        # One message per code: a resend has a new code, hence a new message.
        key=f"invite:{invite.id}:{invite.code_hash[:16]}",
    )
    invite.mail_job = job


def create_invite(
    session: Session,
    *,
    email: str,
    created_by_id: int | None,
    valid_days: int,
    now: datetime,
    channel: Channel,
) -> IssuedInvite:
    """Invites one person and queues their invitation; the code in the answer is the only copy."""
    issued = service.create(
        session, email=email, created_by_id=created_by_id, valid_days=valid_days, now=now
    )
    _queue_invitation(session, issued)
    events.invite_created(
        session, user_id=created_by_id, invite_id=issued.invite.id, channel=channel
    )
    _record(session, "invite.created", issued.invite, actor_id=created_by_id, channel=channel)
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
    progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> ImportResult:
    """Invites every new address in a CSV, or no one when a line is bad (InviteImportError)."""
    result = service.import_csv(
        session,
        text=text,
        created_by_id=created_by_id,
        valid_days=valid_days,
        now=now,
        progress=progress,
    )
    send_invites(session, result.created, created_by_id=created_by_id, channel=channel)
    session.commit()
    return result


def send_invites(
    session: Session, issued: list[IssuedInvite], *, created_by_id: int | None, channel: Channel
) -> None:
    """Queues each new invite's e-mail, with its event and audit entry; the caller commits.

    For a flow above invites (the waitlist's) that issues them in its own transaction.
    """
    for each in issued:
        _queue_invitation(session, each)
        events.invite_created(
            session, user_id=created_by_id, invite_id=each.invite.id, channel=channel
        )
        _record(session, "invite.created", each.invite, actor_id=created_by_id, channel=channel)


def resend_invite(
    session: Session, *, invite: Invite, valid_days: int, now: datetime, actor_id: int | None
) -> IssuedInvite:
    """A new code and expiry for an unused invite, e-mailed again; the old link stops working."""
    issued = service.renew(session, invite=invite, valid_days=valid_days, now=now)
    _queue_invitation(session, issued)
    _record(session, "invite.resent", invite, actor_id=actor_id)
    session.commit()
    return issued


def revoke_invite(
    session: Session, *, invite: Invite, now: datetime, actor_id: int | None
) -> Invite:
    """Withdraws an unused invite; its link stops working at once."""
    service.revoke(session, invite=invite, now=now)
    _record(session, "invite.revoked", invite, actor_id=actor_id)
    session.commit()
    return invite


def _record(
    session: Session, action: audit.Action, invite: Invite, *, actor_id: int | None,
    channel: Channel | None = None,
) -> None:  # fmt: skip
    """The audit entry of an admin's change to an invite (`actor_id` None: the command line)."""
    audit.record(
        session, actor_id=actor_id, action=action, subject=f"{invite.email} (invite {invite.id})",
        detail={"channel": channel} if channel else None,
    )  # fmt: skip
