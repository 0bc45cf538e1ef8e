from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class AuditEntryRead(BaseModel):
    id: int
    at: datetime
    actor_id: int | None = Field(description="The admin who acted; null for the command line.")
    actor: str | None = Field(
        description="The acting admin's e-mail address; null for the command line or a "
        "deleted account."
    )
    action: str = Field(examples=["user.deactivated"])
    subject: str = Field(examples=["ada@example.com (user 12)"])
    detail: dict[str, Any]
