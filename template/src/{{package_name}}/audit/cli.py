"""`audit list`: the newest entries of the audit log."""

from __future__ import annotations

from typing import Annotated

import typer

from ..config import get_settings
from ..db import open_session
from ..user import service as user_service
from . import service

app = typer.Typer(help="The audit log of admin actions.", no_args_is_help=True)


@app.command("list")
def audit_list(
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many, newest first.")] = 50,
) -> None:
    """The newest audit entries: when, who (an admin, or the command line), what, to whom."""
    with open_session(get_settings()) as session:
        entries, total = service.list_page(session, limit=limit, offset=0)
        actors = user_service.emails_by_id(
            session, user_ids={entry.actor_id for entry in entries if entry.actor_id}
        )
        typer.echo("at,actor,action,subject")
        for entry in entries:
            actor = actors.get(entry.actor_id, "(deleted user)") if entry.actor_id else "(cli)"
            typer.echo(f"{entry.at:%Y-%m-%d %H:%M:%S},{actor},{entry.action},{entry.subject}")
    typer.echo(f"{len(entries)} of {total} entries", err=True)
