"""The analytics commands: the tracking plan's code and docs, and retention.

Forwarding to the analytics sink, when one is set up, is the worker's job (`worker`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from ..config import get_settings
from ..db import open_session
from . import plan as tracking_plan
from . import service as analytics_service

app = typer.Typer(help="Analytics: tracking plan, retention.", no_args_is_help=True)
EVENTS_MODULE = Path(__file__).with_name("events.py")


@app.command("codegen")
def analytics_codegen(
    check: Annotated[bool, typer.Option(help="Fail if events.py is out of date.")] = False,
) -> None:
    """Regenerate the typed event helpers (analytics/events.py) from the tracking plan."""
    source = tracking_plan.render_events_module(tracking_plan.load_plan())
    if check:
        if EVENTS_MODULE.read_text(encoding="utf-8") != source:
            typer.echo(
                "error: analytics/events.py is out of date: run `analytics codegen`", err=True
            )
            raise typer.Exit(code=1)
        typer.echo("analytics/events.py matches the tracking plan")
        return
    EVENTS_MODULE.write_text(source, encoding="utf-8")
    typer.echo(f"wrote {EVENTS_MODULE}")


@app.command("docs")
def analytics_docs() -> None:
    """Print the tracking plan as a Markdown page."""
    typer.echo(tracking_plan.render_markdown(tracking_plan.load_plan()), nl=False)


@app.command("purge")
def analytics_purge() -> None:
    """Delete events older than ANALYTICS_RETENTION_DAYS."""
    settings = get_settings()
    cutoff = datetime.now(UTC) - timedelta(days=settings.analytics_retention_days)
    with open_session(settings) as session:
        deleted = analytics_service.purge_before(session, cutoff=cutoff)
        session.commit()
    typer.echo(f"deleted {deleted} events older than {cutoff:%Y-%m-%d}")
