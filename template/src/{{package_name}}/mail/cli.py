"""`mail list` and `mail test`: what the worker sent or failed to send, and a delivery check."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import select

from ..config import get_settings
from ..db import open_session, utcnow
from ..jobs.models import Job
from ..jobs.service import PermanentFailure, TemporaryFailure
from .messages import render
from .outbox import QUEUE
from .transports import from_url

app = typer.Typer(help="E-mail: the queue, and a test message.", no_args_is_help=True)
STATUSES = ("waiting", "done", "failed", "cancelled")


@app.command("list")
def mail_list(
    status: Annotated[
        str | None, typer.Option(help=f"Only this status: {', '.join(STATUSES)}.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many, newest first.")] = 20,
) -> None:
    """The newest e-mail jobs: recipient, template, status, attempts and the last error."""
    if status is not None and status not in STATUSES:
        typer.echo(f"error: --status must be one of {', '.join(STATUSES)}", err=True)
        raise typer.Exit(code=2)
    query = select(Job).where(Job.queue == QUEUE).order_by(Job.id.desc()).limit(limit)
    if status is not None:
        query = query.where(Job.status == status)
    with open_session(get_settings()) as session:
        rows = session.scalars(query).all()
    typer.echo("id,created_at,to,template,status,attempts,last_error")
    for job in rows:
        error = (job.last_error or "").replace(",", ";").replace("\n", " ")
        typer.echo(
            f"{job.id},{job.created_at:%Y-%m-%d %H:%M:%S},{job.payload.get('to')},"
            f"{job.payload.get('template')},{job.status},{job.attempts},{error}"
        )


@app.command("test")
def mail_test(
    to: Annotated[
        str, typer.Argument(help="Where to send it (SES: success@simulator.amazonses.com).")
    ],
) -> None:
    """Send one test message now, through EMAIL_URL, and say whether the provider took it."""
    settings = get_settings()
    message = render(
        "test", to=to, context={}, settings=settings, message_id=f"test.{utcnow():%Y%m%d%H%M%S%f}"
    )
    try:
        from_url(settings.email_url).send(message)
    except (PermanentFailure, TemporaryFailure) as error:
        kind = "refused" if isinstance(error, PermanentFailure) else "failed (worth a retry)"
        typer.echo(f"error: the provider {kind}: {error}", err=True)
        raise typer.Exit(code=1) from error
    typer.echo(f"sent a test message to {to} through {settings.email_url.split('://')[0]}://")
