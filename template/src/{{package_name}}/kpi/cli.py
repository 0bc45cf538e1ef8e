"""`report daily`: every KPI and the beta funnel for one day, as Markdown or JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..config import get_settings
from ..db import open_session
from . import report as kpi_report

app = typer.Typer(help="KPI reports.", no_args_is_help=True)


class ReportFormat(StrEnum):
    MD = "md"
    JSON = "json"


def _yesterday() -> str:
    return (datetime.now(UTC).date() - timedelta(days=1)).isoformat()


@app.command("daily")
def report_daily(
    day: Annotated[
        str, typer.Option("--date", help="The UTC day, YYYY-MM-DD (default: yesterday).")
    ] = "",
    output_format: Annotated[ReportFormat, typer.Option("--format")] = ReportFormat.MD,
    output: Annotated[
        Path | None, typer.Option(help="Write to this file instead of standard output.")
    ] = None,
) -> None:
    """Compute every KPI and the funnel for one day and write the report as Markdown or JSON."""
    try:
        when = date.fromisoformat(day or _yesterday())
    except ValueError as error:
        typer.echo(f"error: --date must be YYYY-MM-DD, got {day!r}", err=True)
        raise typer.Exit(code=2) from error
    with open_session(get_settings()) as session:
        data = kpi_report.daily_report(session, when)
    render = (
        kpi_report.render_json if output_format is ReportFormat.JSON else kpi_report.render_markdown
    )
    text = render(data)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)
