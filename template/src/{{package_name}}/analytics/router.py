from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from ..db import Statements
from ..dependencies import InSessionDep
from ..errors import error_responses
from ..ratelimit.dependencies import LimiterDep
from ..schemas import ModelResponse, storable_text
from ..user.dependencies import BearerToken
from . import service
from .plan import load_plan
from .schemas import ClientEventIn, EventBatch, IngestResponse, RejectedEvent

router = APIRouter(prefix="/events", tags=["analytics"])
_optional_bearer = HTTPBearer(auto_error=False, description="Optional: links events to the user.")
# Clients' clocks drift; events dated far in the future are refused rather than trusted.
MAX_CLOCK_SKEW = timedelta(minutes=10)
# An app that was offline sends its queue late, but an event older than a week would rewrite
# figures the daily reports have already given (and is more likely forged than delayed).
MAX_EVENT_AGE = timedelta(days=7)


# The whole batch in one call costs half of 500 calls; only a batch with a bad event is gone
# through again one event at a time, to say which events are bad and why.
_ALL_EVENTS = TypeAdapter(list[ClientEventIn])


def _parse(raw_events: list[dict[str, Any]]) -> list[ClientEventIn | ValidationError]:
    """Each event as a model, or the error that refused it, in the batch's order."""
    try:
        return list(_ALL_EVENTS.validate_python(raw_events))
    except ValidationError:
        pass
    parsed: list[ClientEventIn | ValidationError] = []
    for raw in raw_events:
        try:
            parsed.append(ClientEventIn.model_validate(raw))
        except ValidationError as error:
            parsed.append(error)
    return parsed


def _reason(error: ValidationError) -> str:
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"])
    return f"{location}: {first['msg']}" if location else first["msg"]


def _checked(
    raw_events: list[dict[str, Any]], *, now: datetime
) -> tuple[list[service.ClientEvent], list[RejectedEvent]]:
    """The events that may be stored, and each other one with its index and reason."""
    plan = load_plan()
    # In UTC, as each event's time is compared: a comparison across time zones costs more.
    latest, earliest = now + MAX_CLOCK_SKEW, now - MAX_EVENT_AGE
    valid: list[service.ClientEvent] = []
    rejected: list[RejectedEvent] = []
    for index, (raw, event) in enumerate(zip(raw_events, _parse(raw_events), strict=True)):
        if isinstance(event, ValidationError):
            rejected.append(_rejected(index, raw, _reason(event)))
            continue
        properties, problems = plan.checked(event.name, event.properties, source="client")
        occurred_at = event.occurred_at
        if occurred_at.tzinfo is None:
            problems.append("occurred_at must include a UTC offset")
        elif (occurred_at := occurred_at.astimezone(UTC)) > latest:
            problems.append("occurred_at is in the future")
        elif occurred_at < earliest:
            problems.append(f"occurred_at is more than {MAX_EVENT_AGE.days} days old")
        if problems:
            rejected.append(_rejected(index, raw, "; ".join(problems)))
            continue
        valid.append(
            service.ClientEvent(
                event_id=event.event_id.lower(),
                name=event.name,
                occurred_at=occurred_at,
                properties=properties,
                anonymous_id=event.anonymous_id,
            )
        )
    return valid, rejected


def _rejected(index: int, raw: dict[str, Any], reason: str) -> RejectedEvent:
    """The event's id is echoed for the client to match, unless it is not storable text: a
    lone surrogate cannot be written in the answer (a 500 before), and a NUL is refused."""
    raw_id = raw.get("event_id")
    try:
        event_id = storable_text(raw_id) if isinstance(raw_id, str) else None
    except ValueError:
        event_id = None
    return RejectedEvent(index=index, event_id=event_id, reason=reason)


# FastAPI lists the bearer as required; the empty requirement `{}` makes it optional in the
# schema, as it is here (FastAPI appends openapi_extra's list to its own).
@router.post(
    "",
    response_model=IngestResponse,
    responses=error_responses(400, 401, 413, 422, 429),
    openapi_extra={"security": [{}]},
)
async def ingest_events(
    batch: EventBatch,
    request: Request,
    in_session: InSessionDep,
    limiter: LimiterDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_optional_bearer)],
) -> ModelResponse:
    """Record a batch of client events; each invalid one is answered with its reason.

    Sending the same `event_id` again is safe: it is counted as a duplicate, not stored twice.
    """
    metrics = request.app.state.metrics

    # The limit, the token, the checks and the insert in one thread-pool hop (docs/adr/0011).
    def ingest(session: Session) -> ModelResponse:
        limiter.ingest_events()
        now = datetime.now(UTC)
        user_id = None
        if credentials is not None:
            user_id = BearerToken(credentials.credentials).user_id(Statements.of(session))
        valid, rejected = _checked(batch.events, now=now)
        result = service.ingest(session, events=valid, user_id=user_id, now=now)
        session.commit()
        metrics.events_ingested.inc(result.accepted)
        metrics.events_rejected.inc(len(rejected))
        return ModelResponse(
            IngestResponse(
                accepted=result.accepted, duplicates=result.duplicates, rejected=rejected
            )
        )

    return await in_session(ingest)
