"""The user commands of the command line (registered by cli.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from ..config import get_settings
from ..db import open_session
from ..errors import AppError
from . import flows

app = typer.Typer(help="Users: sessions housekeeping.", no_args_is_help=True)


def create_admin(
    email: Annotated[str, typer.Argument(help="The admin's e-mail address.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, help="At least 10 characters."
        ),
    ],
) -> None:
    """Create an admin account (the first user of a new deployment)."""
    if len(password) < 10:
        typer.echo("error: the password must have at least 10 characters", err=True)
        raise typer.Exit(code=2)
    with open_session(get_settings()) as session:
        try:
            user = flows.create_admin(session, email=email, password=password)
        except AppError as error:
            typer.echo(f"error: {error.message}", err=True)
            raise typer.Exit(code=1) from error
    typer.echo(f"admin {user.email} created (id {user.id})")


@app.command("purge-sessions")
def purge_sessions() -> None:
    """Delete the rows of expired and revoked sessions (run daily, like `analytics purge`)."""
    with open_session(get_settings()) as session:
        deleted = flows.purge_sessions(session, now=datetime.now(UTC))
    typer.echo(f"deleted {deleted} ended sessions")
