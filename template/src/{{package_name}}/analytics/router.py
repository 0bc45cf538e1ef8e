from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Security
from fastapi.responses import HTMLResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from .. import security
from ..dependencies import SessionDep, SettingsDep
from ..errors import NotAuthenticated, error_responses
from ..user.dependencies import AdminUser
from . import service
from .plan import load_plan
from .report import render_dashboard
from .schemas import ClientEventIn, EventBatch, IngestResponse, RejectedEvent

router = APIRouter(prefix="/api/v1/events", tags=["analytics"])
dashboard_router = APIRouter(prefix="/admin", tags=["analytics"])
_optional_bearer = HTTPBearer(auto_error=False, description="Optional: links events to the user.")
# Clients' clocks drift; events dated far in the future are refused rather than trusted.
MAX_CLOCK_SKEW = timedelta(minutes=10)


def _reason(error: ValidationError) -> str:
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"])
    return f"{location}: {first['msg']}" if location else first["msg"]


@router.post("", responses=error_responses(400, 401, 413, 422))
def ingest_events(
    batch: EventBatch,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_optional_bearer)],
) -> IngestResponse:
    """Record a batch of client events; each invalid one is answered with its reason.

    Sending the same `event_id` again is safe: it is counted as a duplicate, not stored twice.
    """
    user_id = None
    if credentials is not None:
        user_id = security.read_access_token(credentials.credentials, settings=settings)
        if user_id is None:
            raise NotAuthenticated("The token is invalid or has expired; log in again.")
    now = datetime.now(UTC)
    plan = load_plan()
    valid: list[service.ClientEvent] = []
    rejected: list[RejectedEvent] = []
    for index, raw in enumerate(batch.events):
        raw_id = raw.get("event_id")
        event_id = raw_id if isinstance(raw_id, str) else None
        try:
            event = ClientEventIn.model_validate(raw)
        except ValidationError as error:
            rejected.append(RejectedEvent(index=index, event_id=event_id, reason=_reason(error)))
            continue
        occurred_at = event.occurred_at
        problems = plan.problems_with(event.name, event.properties, source="client")
        if occurred_at.tzinfo is None:
            problems.append("occurred_at must include a UTC offset")
        elif occurred_at > now + MAX_CLOCK_SKEW:
            problems.append("occurred_at is in the future")
        if problems:
            rejected.append(
                RejectedEvent(index=index, event_id=event_id, reason="; ".join(problems))
            )
            continue
        valid.append(
            service.ClientEvent(
                event_id=event.event_id.lower(),
                name=event.name,
                occurred_at=occurred_at.astimezone(UTC),
                properties=event.properties,
                anonymous_id=event.anonymous_id,
            )
        )
    result = service.ingest(session, events=valid, user_id=user_id, now=now)
    session.commit()
    metrics = request.app.state.metrics
    metrics.events_ingested.inc(len(result.accepted))
    metrics.events_rejected.inc(len(rejected))
    return IngestResponse(
        accepted=len(result.accepted), duplicates=len(result.duplicates), rejected=rejected
    )


def _style_policy(html: str) -> str:
    """A CSP that allows exactly the page's own inline style block and nothing else."""
    match = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    style = match.group(1) if match else ""
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    return f"default-src 'none'; style-src 'sha256-{digest}'; frame-ancestors 'none'"


# A page for people, not part of the JSON API: kept out of the OpenAPI schema.
@dashboard_router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
def kpi_dashboard(
    _admin: AdminUser,
    session: SessionDep,
    settings: SettingsDep,
    day: Annotated[
        date | None, Query(alias="date", description="Last day shown; default: today (UTC).")
    ] = None,
) -> HTMLResponse:
    """The last 30 days of every KPI against its target, as a page with inline SVG charts."""
    html = render_dashboard(session, day or datetime.now(UTC).date(), title=settings.project_name)
    return HTMLResponse(html, headers={"Content-Security-Policy": _style_policy(html)})
