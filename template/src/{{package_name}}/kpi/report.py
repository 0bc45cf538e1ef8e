"""The daily KPI report (Markdown or JSON) and the admin dashboard's HTML with inline SVG charts,
each with the beta funnel (funnel.py)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from html import escape
from typing import Any

from sqlalchemy.orm import Session

from .funnel import funnel_report
from .queries import CALCULATIONS, KpiDefinition, Value, load_definitions

DASHBOARD_DAYS = 30


def _format(definition: KpiDefinition, value: Value) -> str:
    if value is None:
        return "n/a"
    if definition.unit == "ratio":
        return f"{value:.0%}"
    # A count may come as an int, which has no is_integer() before Python 3.12.
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def _period_name(days: int) -> str:
    return "Day" if days == 1 else f"{days} days"


def _step_text(step: dict[str, Any], *, first: bool) -> str:
    """A step's count, then its conversion from the step before (n/a after a step of zero)."""
    if first:
        return str(step["count"])
    conversion = step["conversion"]
    return f"{step['count']} ({'n/a' if conversion is None else format(conversion, '.0%')})"


def daily_report(session: Session, day: date) -> dict[str, Any]:
    kpis = []
    for definition in load_definitions().values():
        value = CALCULATIONS[definition.name](session, day)
        kpis.append(
            {
                "name": definition.name,
                "value": value,
                "target": definition.target,
                "unit": definition.unit,
                "meets_target": definition.meets_target(value),
            }
        )
    return {"date": day.isoformat(), "kpis": kpis, "funnel": funnel_report(session, day)}


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2) + "\n"


def render_markdown(report: dict[str, Any]) -> str:
    definitions = load_definitions()
    lines = [f"# KPI report for {report['date']}", "", "| KPI | Value | Target | Status |"]
    lines.append("| --- | --- | --- | --- |")
    for kpi in report["kpis"]:
        definition = definitions[kpi["name"]]
        status = {True: "met", False: "missed", None: "no data"}[kpi["meets_target"]]
        target = _format(definition, definition.target)
        lines.append(
            f"| {kpi['name']} | {_format(definition, kpi['value'])} | {target} | {status} |"
        )
    lines += ["", "## Funnel", "", "Each step's count, then its conversion from the previous step."]
    lines.append("")
    periods = report["funnel"]
    lines.append("| Step | " + " | ".join(_period_name(p["days"]) for p in periods) + " |")
    lines.append("| --- |" + " --- |" * len(periods))
    for index, name in enumerate(periods[0]["steps"]):
        cells = [_step_text(p["steps"][index], first=index == 0) for p in periods]
        lines.append(f"| {name['name']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _chart(definition: KpiDefinition, series: list[tuple[date, Value]]) -> str:
    """A line chart of the series against a dashed target line, as inline SVG (no scripts)."""
    width, height, pad = 320, 120, 8
    values = [value for _, value in series if value is not None]
    top = (max([*values, definition.target]) or 1.0) * 1.1
    step = (width - 2 * pad) / max(len(series) - 1, 1)

    def y(value: float) -> float:
        return height - pad - (value / top) * (height - 2 * pad)

    points = " ".join(
        f"{pad + index * step:.1f},{y(value):.1f}"
        for index, (_, value) in enumerate(series)
        if value is not None
    )
    target_y = y(definition.target)
    label = escape(
        f"{definition.name}: last {len(series)} days against target {definition.target:g}"
    )
    return (
        f'<svg class="chart" role="img" aria-label="{label}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">'
        f'<line class="target" x1="{pad}" y1="{target_y:.1f}" '
        f'x2="{width - pad}" y2="{target_y:.1f}"/>'
        f'<polyline class="series" points="{points}"/></svg>'
    )


def _funnel_chart(days: int, steps: list[dict[str, Any]]) -> str:
    """One bar per step, as long as its count against the period's largest, as inline SVG."""
    width, row, label, bar = 320, 24, 96, 150
    top = max(step["count"] for step in steps) or 1
    texts = [_step_text(step, first=index == 0) for index, step in enumerate(steps)]
    rows = []
    for index, (step, text) in enumerate(zip(steps, texts, strict=True)):
        y, length = index * row, bar * step["count"] / top
        rows.append(
            f'<g class="step" data-step="{step["name"]}" data-count="{step["count"]}">'
            f'<text class="label" x="0" y="{y + 16}">{escape(step["name"])}</text>'
            f'<rect class="bar" x="{label}" y="{y + 4}" width="{length:.1f}" height="16"/>'
            f'<text class="figure" x="{label + length + 6:.1f}" y="{y + 16}">{text}</text></g>'
        )
    name = _period_name(days).lower()
    described = ", ".join(f"{step['name']} {text}" for step, text in zip(steps, texts, strict=True))
    return (
        f'<figure data-days="{days}"><figcaption>{escape(_period_name(days))}</figcaption>'
        f'<svg class="chart funnel-chart" role="img" aria-label="funnel, {name}: {described}" '
        f'viewBox="0 0 {width} {row * len(steps)}" width="{width}" height="{row * len(steps)}">'
        f"{''.join(rows)}</svg></figure>"
    )


def funnel_section(session: Session, day: date) -> str:
    """The funnel for the day, 7 and 28 days, each step with its conversion from the one before."""
    charts = "".join(_funnel_chart(p["days"], p["steps"]) for p in funnel_report(session, day))
    return (
        '<section id="funnel"><h2>Funnel</h2>'
        f'<div class="periods">{charts}</div><p class="description">'
        "Joined the waitlist, invited, signed up, activated (a first item within a day of signing "
        "up) and gave feedback, in each period; in brackets, the conversion from the step before. "
        "Periods are not cohorts, so a conversion can exceed 100%.</p></section>"
    )


_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a;background:#fff}
h1{font-size:1.5rem}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:1rem}
section{border:1px solid #ccc;border-radius:6px;padding:1rem}
h2{font-size:1.1rem;margin:0 0 .25rem}.value{font-size:1.6rem;font-weight:600}
.met{color:#0b6b2b}.missed{color:#a4161a}.nodata{color:#555}
.chart .series{fill:none;stroke:#1f4e9c;stroke-width:2}
.chart .target{stroke:#a4161a;stroke-dasharray:4 3;stroke-width:1}
p.description{color:#444;font-size:.9rem}
#funnel{grid-column:1/-1}.periods{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}
.funnel-chart .bar{fill:#1f4e9c}.funnel-chart text{font-size:12px;fill:#1a1a1a}
"""


def dashboard_sections(session: Session, day: date) -> str:
    """One section per KPI (value, target, chart), without the page around it or its style."""
    definitions = load_definitions()
    days = [day - timedelta(days=offset) for offset in range(DASHBOARD_DAYS - 1, -1, -1)]
    sections = []
    for definition in definitions.values():
        series = [(each, CALCULATIONS[definition.name](session, each)) for each in days]
        latest = series[-1][1]
        status = {True: "met", False: "missed", None: "nodata"}[definition.meets_target(latest)]
        sections.append(
            f'<section id="kpi-{definition.name}"><h2>{escape(definition.name)}</h2>'
            f'<p class="value {status}">{_format(definition, latest)}'
            f" <small>target {_format(definition, definition.target)}</small></p>"
            f"{_chart(definition, series)}"
            f'<p class="description">{escape(definition.description)}</p></section>'
        )
    return f'<div class="grid">{funnel_section(session, day)}{"".join(sections)}</div>'


def render_dashboard(session: Session, day: date, *, title: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} KPIs</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_STYLE}</style></head><body><main>"
        f"<h1>{escape(title)}: KPIs for the {DASHBOARD_DAYS} days to {day.isoformat()}</h1>"
        f"{dashboard_sections(session, day)}</main></body></html>"
    )
