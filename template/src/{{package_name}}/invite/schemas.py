from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, EmailStr

from ..schemas import StrictModel
from .models import Status


class InviteCreate(StrictModel):
    email: EmailStr


class InviteRead(BaseModel):
    id: int
    email: str
    status: Status
    created_at: datetime
    expires_at: datetime
    send_error: str | None = None


class InviteCreated(InviteRead):
    code: str
