"""Invite rules: creation one by one or from a CSV, resending, revoking and claiming.

A CSV is checked whole before anything is stored (every bad line is reported together), and
importing it again is harmless: addresses that already hold a live invite or an account are
skipped, so nobody is invited twice.

Invites sit above users: they ask the user service whether an address is registered, and
the sign-up flow (user/flows.py) uses both. Like every service, these flush and leave the
commit to the caller.
"""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import NotFound
from ..user import service as user_service
from .exceptions import (
    AlreadyRegistered,
    InviteEmailMismatch,
    InviteExpired,
    InviteImportError,
    InviteNotChangeable,
    InviteNotFound,
    InvitePending,
    InviteRevoked,
    InviteUsed,
)
from .models import Invite

MAX_CSV_ROWS = 10_000


@dataclass(frozen=True)
class IssuedInvite:
    """An invite together with its code, which exists only until it is handed out."""

    invite: Invite
    code: str


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _problem_with(
    session: Session, *, email: str, now: datetime
) -> AlreadyRegistered | InvitePending | None:
    """Why `email` cannot be invited now, or None; the type says which, not the message text."""
    if user_service.get_by_email(session, email=email) is not None:
        return AlreadyRegistered(f"{email} is already registered")
    pending = session.scalars(
        select(Invite).where(
            Invite.email == email,
            Invite.accepted_at.is_(None),
            Invite.revoked_at.is_(None),
            Invite.expires_at > now,
        )
    ).first()
    if pending is not None:
        return InvitePending(
            f"{email} already has a pending invite (until {pending.expires_at:%Y-%m-%d})"
        )
    return None


def _new_invite(
    *, email: str, created_by_id: int | None, valid_days: int, now: datetime
) -> IssuedInvite:
    code = secrets.token_urlsafe(16)
    invite = Invite(
        email=email,
        code_hash=hash_code(code),
        created_by_id=created_by_id,
        created_at=now,
        expires_at=now + timedelta(days=valid_days),
    )
    return IssuedInvite(invite=invite, code=code)


def create(
    session: Session, *, email: str, created_by_id: int | None, valid_days: int, now: datetime
) -> IssuedInvite:
    email = email.strip().lower()
    problem = _problem_with(session, email=email, now=now)
    if problem is not None:
        raise type(problem)(problem.message + ".")
    issued = _new_invite(email=email, created_by_id=created_by_id, valid_days=valid_days, now=now)
    session.add(issued.invite)
    session.flush()
    return issued


def parse_csv(text: str) -> list[tuple[int, str]]:
    """(line number, raw e-mail) for each data row; raises InviteImportError on a bad header."""
    reader = csv.DictReader(io.StringIO(text))
    fields = [name.strip().lower() for name in reader.fieldnames or []]
    if "email" not in fields:
        raise InviteImportError(
            [
                "line 1: the header must have an 'email' column (found: "
                f"{', '.join(fields) or 'nothing'})"
            ]
        )
    reader.fieldnames = fields
    rows = [(reader.line_num, (row.get("email") or "").strip()) for row in reader]
    if len(rows) > MAX_CSV_ROWS:
        raise InviteImportError(
            [f"the file has {len(rows)} rows: at most {MAX_CSV_ROWS} are allowed"]
        )
    return rows


@dataclass
class ImportResult:
    """The invites a CSV created, and the lines skipped because they were already served."""

    created: list[IssuedInvite] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def import_csv(
    session: Session,
    *,
    text: str,
    created_by_id: int | None,
    valid_days: int,
    now: datetime,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> ImportResult:
    """One invite per new address; a bad line refuses the file, a served address is skipped.

    `progress(done, total)` is called as the rows are checked, for a progress bar.
    """
    rows = parse_csv(text)
    problems: list[str] = []
    seen: dict[str, int] = {}
    emails: list[str] = []
    result = ImportResult()
    for done, (line, raw) in enumerate(rows, start=1):
        progress(done, len(rows))
        if not raw:
            problems.append(f"line {line}: the email column is empty")
            continue
        try:
            email = validate_email(raw, check_deliverability=False).normalized.lower()
        except EmailNotValidError as error:
            problems.append(f"line {line}: {raw!r} is not a valid e-mail address ({error})")
            continue
        if email in seen:
            problems.append(f"line {line}: {email} repeats line {seen[email]}")
            continue
        seen[email] = line
        problem = _problem_with(session, email=email, now=now)
        if problem is not None:
            result.skipped.append(f"line {line}: {problem.message}")
            continue
        emails.append(email)
    if not rows:
        problems.append("the file has a header but no rows")
    if problems:
        raise InviteImportError(problems)
    result.created = [
        _new_invite(email=email, created_by_id=created_by_id, valid_days=valid_days, now=now)
        for email in emails
    ]
    session.add_all(item.invite for item in result.created)
    session.flush()
    return result


def create_each(
    session: Session, *, emails: list[str], created_by_id: int | None, valid_days: int,
    now: datetime,
) -> ImportResult:  # fmt: skip
    """An invite for each address that can have one; the others are skipped, with the reason."""
    result = ImportResult()
    for email in emails:
        problem = _problem_with(session, email=email, now=now)
        if problem is not None:
            result.skipped.append(problem.message)
            continue
        result.created.append(
            _new_invite(email=email, created_by_id=created_by_id, valid_days=valid_days, now=now)
        )
    session.add_all(item.invite for item in result.created)
    session.flush()
    return result


def get(session: Session, *, invite_id: int) -> Invite:
    invite = session.get(Invite, invite_id)
    if invite is None:
        raise NotFound(f"No invite has id {invite_id}.")
    return invite


def latest_for(session: Session, *, email: str) -> Invite:
    """The newest invite of an address (what an admin means by "the invite of x@y")."""
    address = email.strip().lower()
    invite = session.scalars(
        select(Invite).where(Invite.email == address).order_by(Invite.id.desc())
    ).first()
    if invite is None:
        raise NotFound(f"{address} has no invite.")
    return invite


def renew(session: Session, *, invite: Invite, valid_days: int, now: datetime) -> IssuedInvite:
    """A new code for an unused invite (the old one stops working) and a new expiry."""
    if invite.accepted_at is not None or invite.revoked_at is not None:
        raise InviteNotChangeable(
            f"The invite of {invite.email} was {invite.status_at(now)}: only a waiting or "
            "expired invite can be sent again."
        )
    code = secrets.token_urlsafe(16)
    invite.code_hash = hash_code(code)
    invite.expires_at = now + timedelta(days=valid_days)
    session.flush()
    return IssuedInvite(invite=invite, code=code)


def revoke(session: Session, *, invite: Invite, now: datetime) -> None:
    """Withdraws an unused invite: its link stops working."""
    if invite.accepted_at is not None or invite.revoked_at is not None:
        raise InviteNotChangeable(
            f"The invite of {invite.email} was already {invite.status_at(now)}."
        )
    invite.revoked_at = now
    session.flush()


def get_by_code(session: Session, *, code: str) -> Invite | None:
    return session.scalars(select(Invite).where(Invite.code_hash == hash_code(code))).first()


def find_claimable(session: Session, *, code: str, email: str, now: datetime) -> Invite:
    """The invite a sign-up may use, or the reason it may not."""
    invite = get_by_code(session, code=code)
    if invite is None:
        raise InviteNotFound
    if invite.accepted_at is not None:
        raise InviteUsed
    if invite.revoked_at is not None:
        raise InviteRevoked
    if invite.expires_at <= now:
        raise InviteExpired
    if invite.email != email:
        raise InviteEmailMismatch
    return invite


def mark_accepted(invite: Invite, *, user_id: int, now: datetime) -> None:
    invite.accepted_at = now
    invite.accepted_by_id = user_id


def list_page(session: Session, *, limit: int, offset: int) -> tuple[list[Invite], int]:
    total = session.scalar(select(func.count()).select_from(Invite)) or 0
    invites = session.scalars(
        select(Invite).order_by(Invite.id.desc()).limit(limit).offset(offset)
    ).all()
    return list(invites), total
