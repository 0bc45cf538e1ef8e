from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Path, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import HTTPConnection

from ..db import Statements
from ..dependencies import SessionDep
from ..errors import NotAuthenticated, PermissionDenied
from . import service
from .models import AuthSession, User

_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/auth/token.")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)]


_SEND_ONE = "Send a bearer token: Authorization: Bearer <token>."
_LOG_IN_AGAIN = "The token is invalid, has expired or was revoked; log in again."


def bearer_session(session: SessionDep, credentials: Credentials) -> AuthSession | None:
    """The open API session of the bearer token, None without one; a bad token is a 401."""
    if credentials is None:
        return None
    found = service.find_session(
        session, token=credentials.credentials, kind="api", now=datetime.now(UTC)
    )
    if found is None:
        raise NotAuthenticated(_LOG_IN_AGAIN)
    return found


class BearerToken:
    """The bearer token, not yet checked, for an endpoint that does its work in one hop.

    `user_id(db)` looks it up on the endpoint's own connection (`InSessionDep`), in the same
    thread-pool hop as the work, instead of a hop of its own: still one query per request,
    nothing cached, so a revoked token is refused on the very next request (docs/adr/0011);
    in a session, pass `Statements.of(session)`.
    """

    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        self.token = token

    def user_id(self, db: Statements) -> int:
        """The id of the token's user if its API session is open, else NotAuthenticated (401)."""
        found = service.find_session_user_id(
            db, token=self.token, kind="api", now=datetime.now(UTC)
        )
        if found is None:
            raise NotAuthenticated(_LOG_IN_AGAIN)
        return found


class _BearerTokenScheme(HTTPBearer):
    """The HTTP bearer scheme of the OpenAPI schema, answering a `BearerToken` itself.

    One dependency, not the scheme and a function of its credentials: FastAPI's solving costs
    about as much per dependency as reading the header (docs/adr/0018). A missing token is
    a 401 saying how to send one.
    """

    async def __call__(self, request: HTTPConnection) -> BearerToken:  # type: ignore[override]
        credentials = await super().__call__(request)
        if credentials is None:
            raise NotAuthenticated(_SEND_ONE)
        return BearerToken(credentials.credentials)


# The scheme `Credentials` documents, under its name and description: the schema lists it once.
_bearer_token = _BearerTokenScheme(
    auto_error=False, scheme_name=_bearer.scheme_name, description=_bearer.model.description
)


# Cheap dependencies are `async def` (see dependencies.py); FastAPI runs bearer_session once
# per request however many of these ask for it.
async def current_session(
    found: Annotated[AuthSession | None, Depends(bearer_session)],
) -> AuthSession:
    if found is None:
        raise NotAuthenticated(_SEND_ONE)
    return found


async def current_user(auth_session: Annotated[AuthSession, Depends(current_session)]) -> User:
    return auth_session.user


async def admin_user(user: Annotated[User, Depends(current_user)]) -> User:
    if not user.is_admin:
        raise PermissionDenied("Only admins can do this.")
    return user


OptionalSession = Annotated[AuthSession | None, Depends(bearer_session)]
CurrentSession = Annotated[AuthSession, Depends(current_session)]
CurrentUser = Annotated[User, Depends(current_user)]
AdminUser = Annotated[User, Depends(admin_user)]
Bearer = Annotated[BearerToken, Depends(_bearer_token)]

# Bounded to the database's integer range, so a huge id is a 422, not a database error.
UserId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def listed_user(user_id: UserId, session: SessionDep) -> User:
    """Any account by its id, for the admin's user management; UserNotFound (404) if none."""
    return service.require(session, user_id=user_id)


ListedUser = Annotated[User, Depends(listed_user)]
