from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ..schemas import WHOLE_NUMBER, StrictModel

Name = Annotated[str, Field(min_length=1, max_length=200)]
Description = Annotated[str, Field(max_length=5000)]
PriceCents = Annotated[
    int, Field(ge=0, le=100_000_000, description="Price in cents."), WHOLE_NUMBER
]


class ItemCreate(StrictModel):
    name: Name
    description: Description = ""
    price_cents: PriceCents = 0


class ItemUpdate(StrictModel):
    """Fields left out (or null) keep their current value."""

    name: Name | None = None
    description: Description | None = None
    price_cents: PriceCents | None = None


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    price_cents: int
    created_at: datetime
    updated_at: datetime
