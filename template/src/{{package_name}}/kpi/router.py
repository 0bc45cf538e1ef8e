"""The admin KPI dashboard: a page for people, not part of the JSON API."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from ..dependencies import SessionDep, SettingsDep
from ..user.dependencies import AdminUser
from .report import render_dashboard

router = APIRouter(prefix="/admin", tags=["analytics"])


def _style_policy(html: str) -> str:
    """A CSP that allows exactly the page's own inline style block and nothing else."""
    match = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    style = match.group(1) if match else ""
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    return f"default-src 'none'; style-src 'sha256-{digest}'; frame-ancestors 'none'"


# A page for people, not part of the JSON API: kept out of the OpenAPI schema.
@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
def kpi_dashboard(
    _admin: AdminUser,
    session: SessionDep,
    settings: SettingsDep,
    day: Annotated[
        date | None, Query(alias="date", description="Last day shown; default: today (UTC).")
    ] = None,
) -> HTMLResponse:
    """The funnel and the last 30 days of every KPI against its target, with inline SVG charts."""
    html = render_dashboard(session, day or datetime.now(UTC).date(), title=settings.project_name)
    return HTMLResponse(html, headers={"Content-Security-Policy": _style_policy(html)})
