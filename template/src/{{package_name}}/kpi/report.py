"""The daily KPI report (Markdown or JSON) and the admin dashboard's HTML with inline SVG charts."""

from __future__ import annotations

import json
from datetime import date, timedelta
from html import escape
from typing import Any

from sqlalchemy.orm import Session

from .queries import CALCULATIONS, KpiDefinition, Value, load_definitions

DASHBOARD_DAYS = 30


def _format(definition: KpiDefinition, value: Value) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0%}" if definition.unit == "ratio" else f"{value:g}"


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
    return {"date": day.isoformat(), "kpis": kpis}


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


_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a;background:#fff}
h1{font-size:1.5rem}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:1rem}
section{border:1px solid #ccc;border-radius:6px;padding:1rem}
h2{font-size:1.1rem;margin:0 0 .25rem}.value{font-size:1.6rem;font-weight:600}
.met{color:#0b6b2b}.missed{color:#a4161a}.nodata{color:#555}
.chart .series{fill:none;stroke:#1f4e9c;stroke-width:2}
.chart .target{stroke:#a4161a;stroke-dasharray:4 3;stroke-width:1}
p.description{color:#444;font-size:.9rem}
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
    return f'<div class="grid">{"".join(sections)}</div>'


def render_dashboard(session: Session, day: date, *, title: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} KPIs</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_STYLE}</style></head><body><main>"
        f"<h1>{escape(title)}: KPIs for the {DASHBOARD_DAYS} days to {day.isoformat()}</h1>"
        f"{dashboard_sections(session, day)}</main></body></html>"
    )
