from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, EmailStr

from ..schemas import StrictModel


class InviteCreate(StrictModel):
    email: EmailStr


class InviteRead(BaseModel):
    id: int
    email: str
    status: Literal["pending", "accepted", "expired"]
    created_at: datetime
    expires_at: datetime


class InviteCreated(InviteRead):
    code: str
