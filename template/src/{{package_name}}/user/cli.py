"""The user commands of the command line (registered by cli.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..config import get_settings
from ..db import open_session
from ..errors import AppError
from . import flows


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
