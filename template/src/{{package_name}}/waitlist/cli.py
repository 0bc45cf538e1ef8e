"""`waitlist list|invite|purge`: the admin's waitlist from the command line."""

from __future__ import annotations

import csv
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from ..config import get_settings
from ..db import open_session
from ..errors import AppError
from . import flows, service
from .exceptions import WaitlistImportError

app = typer.Typer(help="The waitlist: who asked for an invite.", no_args_is_help=True)


@app.command("list")
def waitlist_list(
    search: Annotated[
        str, typer.Option(help="Only entries with this text in the address or note.")
    ] = "",
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many, newest first.")] = 50,
) -> None:
    """The newest entries as CSV (id, email, status, joined_at, note), then the counts."""
    with open_session(get_settings()) as session:
        entries, total = service.list_page(session, search=search, limit=limit, offset=0)
        counts = service.counts(session)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["id", "email", "status", "joined_at", "note"])
    for entry in entries:
        writer.writerow(
            [entry.id, entry.email, entry.status, f"{entry.created_at:%Y-%m-%d}", entry.note]
        )
    typer.echo(
        f"{len(entries)} of {total} shown; {counts.total} listed: {counts.waiting} waiting, "
        f"{counts.invited} invited",
        err=True,
    )


@app.command("invite")
def waitlist_invite(
    oldest: Annotated[
        int | None, typer.Option(min=1, max=500, help="Invite the N who have waited longest.")
    ] = None,
    csv_file: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            exists=True,
            dir_okay=False,
            help="Invite the listed addresses of this CSV (an 'email' column).",
        ),
    ] = None,
) -> None:
    """Invite from the waitlist: the oldest N, or the addresses of a CSV (a bad line: no one)."""
    if (oldest is None) == (csv_file is None):
        typer.echo("error: give either --oldest N or --csv FILE", err=True)
        raise typer.Exit(code=2)
    settings = get_settings()
    with open_session(settings) as session:
        try:
            if csv_file is not None:
                text = csv_file.read_text(encoding="utf-8-sig")
                entries = service.select_from_csv(session, text=text)
            else:
                entries = service.oldest_waiting(session, count=oldest or 0)
            result = flows.invite(
                session, entries=entries, admin_id=None, valid_days=settings.invite_valid_days,
                now=datetime.now(UTC), channel="cli",
            )  # fmt: skip
        except WaitlistImportError as error:
            typer.echo(f"error: {csv_file} invited no one; fix these lines and retry:", err=True)
            for problem in error.problems:
                typer.echo(f"  {problem}", err=True)
            raise typer.Exit(code=1) from error
        except AppError as error:
            typer.echo(f"error: {error.message}", err=True)
            raise typer.Exit(code=1) from error
    for entry in result.invited:
        typer.echo(f"invited {entry.email}")
    for reason in result.not_invited:
        typer.echo(f"not invited: {reason}", err=True)
    typer.echo(
        f"{len(result.invited)} invited, {len(result.not_invited)} not; "
        "the invitation e-mails are queued: `worker` sends them",
        err=True,
    )


@app.command("purge")
def waitlist_purge() -> None:
    """Delete the entries invited more than WAITLIST_RETENTION_DAYS ago (run daily)."""
    settings = get_settings()
    with open_session(settings) as session:
        deleted = flows.purge(
            session, now=datetime.now(UTC), retention_days=settings.waitlist_retention_days
        )
    typer.echo(
        f"deleted {deleted} entries invited over {settings.waitlist_retention_days} days ago"
    )
