from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, field_validator

from ..schemas import StrictModel, storable_text

MAX_BATCH = 500
UUID_PATTERN = r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"
ANONYMOUS_ID_PATTERN = r"^[A-Za-z0-9._:-]+$"


class ClientEventIn(StrictModel):
    """One client event; checked item by item, so one bad event does not sink the batch."""

    event_id: Annotated[
        str,
        Field(
            pattern=UUID_PATTERN,
            description="A UUID the client generates once per event; retries reuse it.",
        ),
    ]
    name: Annotated[str, Field(min_length=1, max_length=64)]
    occurred_at: Annotated[datetime, Field(strict=False, description="ISO 8601 with offset.")]
    properties: dict[str, Any] = Field(default_factory=dict)
    anonymous_id: Annotated[
        str | None,
        Field(
            max_length=64,
            pattern=ANONYMOUS_ID_PATTERN,
            description="The device's or browser's own random id (a UUID, say); letters, digits"
            " and . _ : - only, so that it cannot carry an e-mail address.",
        ),
    ] = None

    # Replaces the base's check of every field: of these only the name can hold a NUL (the
    # ids' patterns refuse it, and pydantic refuses a lone surrogate in any constrained text),
    # and the check is a Python call per field for each of a batch's 500 events.
    @field_validator("name", mode="after")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        return storable_text(value)


class EventBatch(StrictModel):
    events: Annotated[
        list[dict[str, Any]],
        Field(
            min_length=1,
            max_length=MAX_BATCH,
            description="Events shaped like ClientEventIn (event_id, name, occurred_at, ...).",
        ),
    ]


class RejectedEvent(BaseModel):
    index: int
    event_id: str | None
    reason: str


class IngestResponse(BaseModel):
    accepted: int
    duplicates: int
    rejected: list[RejectedEvent]
