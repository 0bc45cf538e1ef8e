"""`invite create` and `invite import`: the admin's way to hand out invites in bulk."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from ..config import get_settings
from ..db import open_session
from ..errors import AppError
from . import flows
from .exceptions import InviteImportError

app = typer.Typer(help="Create beta invites.", no_args_is_help=True)


@app.command("create")
def invite_create(email: Annotated[str, typer.Argument(help="Who to invite.")]) -> None:
    """Invite one person and print the code to send them."""
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
            typer.echo(f"error: {error.message}", err=True)
            raise typer.Exit(code=1) from error
    typer.echo(f"{issued.invite.email},{issued.code},{issued.invite.expires_at:%Y-%m-%d}")


@app.command("import")
def invite_import(
    csv_file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A CSV file with an 'email' column.")
    ],
) -> None:
    """Invite everyone in a CSV, or no one: every bad line is listed and nothing is stored."""
    settings = get_settings()
    text = csv_file.read_text(encoding="utf-8-sig")
    with open_session(settings) as session:
        try:
            issued = flows.import_invites(
                session,
                text=text,
                created_by_id=None,
                valid_days=settings.invite_valid_days,
                now=datetime.now(UTC),
                channel="cli",
            )
        except InviteImportError as error:
            typer.echo(f"error: {csv_file} was not imported; fix these lines and retry:", err=True)
            for problem in error.problems:
                typer.echo(f"  {problem}", err=True)
            raise typer.Exit(code=1) from error
    typer.echo("email,code,expires_at")
    for item in issued:
        typer.echo(f"{item.invite.email},{item.code},{item.invite.expires_at:%Y-%m-%d}")
    typer.echo(f"{len(issued)} invites created", err=True)
