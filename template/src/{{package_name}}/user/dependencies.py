from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .. import security
from ..dependencies import SessionDep, SettingsDep
from ..errors import NotAuthenticated, PermissionDenied
from . import service
from .models import User

_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/auth/token.")


def current_user(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> User:
    if credentials is None:
        raise NotAuthenticated("Send a bearer token: Authorization: Bearer <token>.")
    user_id = security.read_access_token(credentials.credentials, settings=settings)
    user = service.get(session, user_id=user_id) if user_id is not None else None
    if user is None or not user.is_active:
        raise NotAuthenticated("The token is invalid or has expired; log in again.")
    return user


def admin_user(user: Annotated[User, Depends(current_user)]) -> User:
    if not user.is_admin:
        raise PermissionDenied("Only admins can do this.")
    return user


CurrentUser = Annotated[User, Depends(current_user)]
AdminUser = Annotated[User, Depends(admin_user)]
