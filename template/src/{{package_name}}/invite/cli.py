"""`invite create|import|list|resend|revoke`: the admin's invites from the command line.

Every invitation is e-mailed by `worker`; the codes are also printed, for a team that wants to
hand them out another way.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from ..config import get_settings
from ..db import open_session
from ..errors import AppError
from . import flows, service
from .exceptions import InviteImportError

app = typer.Typer(help="Beta invites, sent by e-mail.", no_args_is_help=True)
# A file this long or longer shows a progress bar on a terminal while its rows are checked.
PROGRESS_FROM_ROWS = 200
QUEUED = "the invitation e-mail is queued: `worker` sends it"


def _fail(error: AppError) -> typer.Exit:
    typer.echo(f"error: {error.message}", err=True)
    return typer.Exit(code=1)


@app.command("create")
def invite_create(email: Annotated[str, typer.Argument(help="Who to invite.")]) -> None:
    """Invite one person: queue their invitation e-mail and print the code."""
    settings = get_settings()
    with open_session(settings) as session:
        try:
            issued = flows.create_invite(
                session,
                email=email,
                created_by_id=None,
                valid_days=settings.invite_valid_days,
                now=datetime.now(UTC),
                channel="cli",
            )
        except AppError as error:
            raise _fail(error) from error
    typer.echo(f"{issued.invite.email},{issued.code},{issued.invite.expires_at:%Y-%m-%d}")
    typer.echo(QUEUED, err=True)


@app.command("import")
def invite_import(
    csv_file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A CSV file with an 'email' column.")
    ],
) -> None:
    """Invite everyone new in a CSV: a bad line refuses the file; nobody is invited twice."""
    settings = get_settings()
    text = csv_file.read_text(encoding="utf-8-sig")
    rows = max(text.count("\n") - 1, 0)
    show_bar = rows >= PROGRESS_FROM_ROWS and sys.stderr.isatty()
    with (
        open_session(settings) as session,
        typer.progressbar(length=rows, label="checking rows", file=sys.stderr) as bar,
    ):
        try:
            result = flows.import_invites(
                session,
                text=text,
                created_by_id=None,
                valid_days=settings.invite_valid_days,
                now=datetime.now(UTC),
                channel="cli",
                progress=(lambda _done, _total: bar.update(1)) if show_bar else (lambda *_: None),
            )
        except InviteImportError as error:
            typer.echo(f"error: {csv_file} was not imported; fix these lines and retry:", err=True)
            for problem in error.problems:
                typer.echo(f"  {problem}", err=True)
            raise typer.Exit(code=1) from error
    typer.echo("email,code,expires_at")
    for item in result.created:
        typer.echo(f"{item.invite.email},{item.code},{item.invite.expires_at:%Y-%m-%d}")
    for skipped in result.skipped:
        typer.echo(f"skipped {skipped}", err=True)
    typer.echo(
        f"{len(result.created)} invites created, {len(result.skipped)} skipped; "
        f"{len(result.created)} invitation e-mails queued: `worker` sends them",
        err=True,
    )


@app.command("list")
def invite_list(
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many, newest first.")] = 50,
) -> None:
    """The newest invites with their status (queued, sent, failed, accepted, revoked, expired)."""
    now = datetime.now(UTC)
    with open_session(get_settings()) as session:
        invites, total = service.list_page(session, limit=limit, offset=0)
        typer.echo("id,email,status,expires_at,send_error")
        for invite in invites:
            error = (
                (invite.send_error or "").replace(",", ";")
                if invite.status_at(now) in {"queued", "failed"}
                else ""
            )
            typer.echo(
                f"{invite.id},{invite.email},{invite.status_at(now)},"
                f"{invite.expires_at:%Y-%m-%d},{error}"
            )
    typer.echo(f"{len(invites)} of {total} invites", err=True)


@app.command("resend")
def invite_resend(
    email: Annotated[str, typer.Argument(help="Whose invite to send again.")],
) -> None:
    """E-mail someone's unused invite again, with a new code and expiry."""
    settings = get_settings()
    with open_session(settings) as session:
        try:
            invite = service.latest_for(session, email=email)
            issued = flows.resend_invite(
                session, invite=invite, valid_days=settings.invite_valid_days,
                now=datetime.now(UTC), actor_id=None,
            )  # fmt: skip
        except AppError as error:
            raise _fail(error) from error
    typer.echo(f"{issued.invite.email},{issued.code},{issued.invite.expires_at:%Y-%m-%d}")
    typer.echo(QUEUED, err=True)


@app.command("revoke")
def invite_revoke(
    email: Annotated[str, typer.Argument(help="Whose invite to withdraw.")],
) -> None:
    """Withdraw someone's unused invite: its link stops working."""
    with open_session(get_settings()) as session:
        try:
            invite = flows.revoke_invite(
                session, invite=service.latest_for(session, email=email), now=datetime.now(UTC),
                actor_id=None,
            )  # fmt: skip
        except AppError as error:
            raise _fail(error) from error
    typer.echo(f"revoked the invite of {invite.email}")
