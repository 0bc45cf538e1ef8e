from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, EmailStr, Field

from ..pagination import Page
from ..schemas import WHOLE_NUMBER, StrictModel
from .models import NOTE_MAX_LENGTH

EntryId = Annotated[int, Field(ge=1, le=2_147_483_647), WHOLE_NUMBER]
MAX_SELECTION = 500


class WaitlistJoin(StrictModel):
    email: EmailStr
    note: str = Field(
        default="", max_length=NOTE_MAX_LENGTH, description="What they want to use the product for."
    )


class WaitlistLeave(StrictModel):
    token: str = Field(min_length=1, max_length=128)


class WaitlistInvite(StrictModel):
    ids: list[EntryId] = Field(min_length=1, max_length=MAX_SELECTION)


class WaitlistEntryRead(BaseModel):
    id: int
    email: str
    note: str
    status: Literal["waiting", "invited"]
    created_at: datetime
    invited_at: datetime | None


class WaitlistCounts(BaseModel):
    total: int
    waiting: int
    invited: int


class WaitlistPage(Page[WaitlistEntryRead]):
    counts: WaitlistCounts


class WaitlistInvited(BaseModel):
    invited: list[WaitlistEntryRead]
    # Each names the address and why no invite was made (an account, or an open invite).
    not_invited: list[str]
