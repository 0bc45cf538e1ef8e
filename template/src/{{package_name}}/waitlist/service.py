"""Waitlist rules: joining (once per address), leaving by the e-mailed link, the admin's list
and selections, marking rows invited, and the retention purge.

Joining never says whether the address was already listed: `join` returns the new entry's
leave token, or None, and the caller answers the same either way. Like every service, these
flush and leave the commit to the caller.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import ColumnElement, Table, delete, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..invite import service as invite_service
from ..invite.exceptions import InviteImportError
from .exceptions import WaitlistEntryNotFound, WaitlistImportError
from .models import WaitlistEntry

_table = cast(Table, WaitlistEntry.__table__)


@dataclass(frozen=True)
class Counts:
    """Everyone listed, and how many are still waiting or were invited."""

    total: int
    waiting: int
    invited: int


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def join(session: Session, *, email: str, note: str, now: datetime) -> tuple[int, str] | None:
    """Lists the address; (the new entry's id, its leave token), or None if it was listed.

    One INSERT ... ON CONFLICT DO NOTHING: two requests racing with one address store one
    row and neither fails, so a duplicate can never show as an error.
    """
    token = secrets.token_urlsafe(32)
    insert = sqlite.insert if session.get_bind().dialect.name == "sqlite" else postgresql.insert
    statement = (
        insert(_table)
        .values(
            email=normalise_email(email),
            note=note.strip(),
            created_at=now,
            leave_token_hash=hash_token(token),
        )
        .on_conflict_do_nothing(index_elements=[_table.c.email])
        .returning(_table.c.id)
    )
    entry_id = session.execute(statement).scalar_one_or_none()
    return None if entry_id is None else (entry_id, token)


def leave(session: Session, *, token: str) -> bool:
    """Removes the entry the leave link belongs to; False if no entry has this token."""
    statement = delete(WaitlistEntry).where(WaitlistEntry.leave_token_hash == hash_token(token))
    return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def _search(text: str) -> ColumnElement[bool]:
    needle = text.strip().lower()
    return or_(
        WaitlistEntry.email.contains(needle, autoescape=True),
        func.lower(WaitlistEntry.note).contains(needle, autoescape=True),
    )


def list_page(
    session: Session, *, search: str = "", limit: int, offset: int
) -> tuple[list[WaitlistEntry], int]:
    """Entries newest first, those whose address or note contains `search` (any case)."""
    query = select(WaitlistEntry)
    if search.strip():
        query = query.where(_search(search))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    entries = session.scalars(
        query.order_by(WaitlistEntry.created_at.desc(), WaitlistEntry.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(entries), total


def counts(session: Session) -> Counts:
    total, invited = session.execute(
        select(func.count(), func.count(WaitlistEntry.invited_at))
    ).one()
    return Counts(total=total, waiting=total - invited, invited=invited)


def get_many(session: Session, *, ids: list[int]) -> list[WaitlistEntry]:
    """The entries with these ids, oldest first; every id must exist."""
    entries = session.scalars(
        select(WaitlistEntry).where(WaitlistEntry.id.in_(ids)).order_by(WaitlistEntry.id)
    ).all()
    missing = sorted(set(ids) - {entry.id for entry in entries})
    if missing:
        raise WaitlistEntryNotFound(
            "No waitlist entry has id " + ", ".join(map(str, missing)) + "; nobody was invited."
        )
    return list(entries)


def oldest_waiting(session: Session, *, count: int) -> list[WaitlistEntry]:
    """The `count` people who have waited longest and were not invited yet."""
    return list(
        session.scalars(
            select(WaitlistEntry)
            .where(WaitlistEntry.invited_at.is_(None))
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
            .limit(count)
        ).all()
    )


def select_from_csv(session: Session, *, text: str) -> list[WaitlistEntry]:
    """The entries a CSV with an 'email' column names; every bad line is reported together."""
    try:
        rows = invite_service.parse_csv(text)
    except InviteImportError as error:
        raise WaitlistImportError(error.problems) from error
    problems: list[str] = []
    wanted: dict[str, int] = {}
    for line, raw in rows:
        try:
            email = validate_email(raw, check_deliverability=False).normalized.lower()
        except EmailNotValidError as error:
            problems.append(f"line {line}: {raw!r} is not a valid e-mail address ({error})")
            continue
        if email in wanted:
            problems.append(f"line {line}: {email} repeats line {wanted[email]}")
            continue
        wanted[email] = line
    found = {
        entry.email: entry
        for entry in session.scalars(
            select(WaitlistEntry).where(WaitlistEntry.email.in_(list(wanted)))
        )
    }
    problems += [
        f"line {line}: {email} is not on the waitlist"
        for email, line in wanted.items()
        if email not in found
    ]
    if not rows:
        problems.append("the file has a header but no rows")
    if problems:
        raise WaitlistImportError(sorted(problems, key=_line_number))
    return [found[email] for email in wanted]


def _line_number(problem: str) -> int:
    number = problem.removeprefix("line ").partition(":")[0]
    return int(number) if number.isdigit() else 0


def mark_invited(entry: WaitlistEntry, *, invite_id: int, now: datetime) -> None:
    entry.invited_at = now
    entry.invite_id = invite_id


def purge_invited(session: Session, *, before: datetime) -> int:
    """Deletes the entries invited before `before` (their invite keeps the address)."""
    statement = delete(WaitlistEntry).where(WaitlistEntry.invited_at < before)
    return session.execute(statement).rowcount or 0  # type: ignore[attr-defined]
