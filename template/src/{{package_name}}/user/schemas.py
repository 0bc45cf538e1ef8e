from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from ..schemas import StrictModel

Password = Annotated[str, Field(min_length=10, max_length=128)]
InviteCode = Annotated[str, Field(min_length=8, max_length=64)]


class SignUp(StrictModel):
    email: EmailStr
    password: Password
    invite_code: InviteCode


class Credentials(StrictModel):
    email: EmailStr
    password: Annotated[str, Field(min_length=1, max_length=128)]


class PasswordChange(StrictModel):
    current_password: Annotated[str, Field(min_length=1, max_length=128)]
    new_password: Password


class PasswordResetRequest(StrictModel):
    email: EmailStr


class PasswordResetConfirm(StrictModel):
    token: Annotated[str, Field(min_length=16, max_length=128)]
    new_password: Password


class Accepted(BaseModel):
    detail: str


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - a scheme name, not a secret
    expires_in: int = Field(description="Seconds until the token expires.")


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    is_admin: bool
    is_active: bool = Field(description="False once an admin deactivated the account.")
    created_at: datetime
