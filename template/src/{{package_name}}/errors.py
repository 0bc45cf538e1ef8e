"""One error body for every failure, and the handlers that produce it.

Every error the API returns looks like
``{"error": {"code": "not_found", "message": "...", "details": [...]}}``
so clients need a single parser; the OpenAPI schema documents it for each route.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope


class ErrorDetail(BaseModel):
    location: list[str | int]
    message: str
    type: str


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorResponse(BaseModel):
    error: ErrorInfo


class AppError(Exception):
    """A failure the client can act on; domains subclass it in their exceptions.py."""

    status_code = 400
    code = "bad_request"
    # Seconds the client should wait before trying again; sent as `Retry-After` when set.
    retry_after: int | None = None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAuthenticated(AppError):
    status_code = 401
    code = "not_authenticated"


class PermissionDenied(AppError):
    status_code = 403
    code = "permission_denied"


class NotFound(AppError):
    status_code = 404
    code = "not_found"


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class RetryLater(AppError):
    """A refusal that passes: the answer carries `Retry-After` with the seconds to wait."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TooManyRequests(RetryLater):
    """A rate limit is used up (ratelimit/)."""

    status_code = 429
    code = "too_many_requests"


class ServerBusy(RetryLater):
    """Every slot of a bounded resource (password hashing) is taken."""

    status_code = 503
    code = "busy"


_DESCRIPTIONS = {
    400: "Malformed request (for example, a body that is not valid JSON).",
    401: "Missing, invalid or expired credentials.",
    403: "Authenticated, but not allowed to do this.",
    404: "The resource does not exist or is not yours.",
    409: "The request conflicts with the current state.",
    410: "The resource existed but is no longer usable.",
    413: "The request body is larger than the server accepts.",
    422: "A field is missing, of the wrong type or out of range.",
    429: "Too many attempts: wait the `Retry-After` header's seconds, then try again.",
    503: "The server is busy: wait the `Retry-After` header's seconds, then try again.",
}


def error_responses(*status_codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the given error statuses, all with ErrorResponse."""
    return {
        code: {"model": ErrorResponse, "description": _DESCRIPTIONS[code]} for code in status_codes
    }


def error_body(code: str, message: str, details: list[ErrorDetail] | None = None) -> dict[str, Any]:
    return ErrorResponse(
        error=ErrorInfo(code=code, message=message, details=details or [])
    ).model_dump()


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(app: FastAPI, scope: Scope) -> list[str]:
    """Every method some route serves at this request's path, for a 405's `Allow` header.

    Starlette's own 405 names only the first route whose path matched; a path served by several
    routes (GET and POST /items) would be under-reported, so each method is tried in turn.
    """
    # A mount rewrites root_path; app_root_path keeps the one the server gave the app.
    root_path = scope.get("app_root_path", scope.get("root_path", ""))

    def probe(method: str) -> Scope:
        return {"type": "http", "path": scope["path"], "root_path": root_path,
                "method": method, "headers": [], "query_string": b""}  # fmt: skip

    allowed: set[str] = set()
    for route in app.router.routes:
        if isinstance(route, Mount):
            # Static files answer GET and HEAD only; other mounts answer their own 405s.
            if isinstance(route.app, StaticFiles) and route.matches(probe("GET"))[0] is Match.FULL:
                allowed |= {"GET", "HEAD"}
            continue
        allowed |= {method for method in _METHODS if route.matches(probe(method))[0] is Match.FULL}
    return [method for method in _METHODS if method in allowed]


def _error_response(
    status_code: int,
    code: str,
    message: str,
    details: list[ErrorDetail] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    headers = dict(headers or {})
    if status_code == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(
        error_body(code, message, details), status_code=status_code, headers=headers or None
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(_request: Request, exc: AppError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
        return _error_response(exc.status_code, exc.code, exc.message, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            ErrorDetail(location=list(error["loc"]), message=error["msg"], type=error["type"])
            for error in exc.errors()
        ]
        if any(detail.type == "json_invalid" for detail in details):
            return _error_response(
                400, "malformed_json", "The request body is not valid JSON.", details
            )
        return _error_response(422, "validation_error", "The request is not valid.", details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        phrase = HTTPStatus(exc.status_code).phrase
        code = phrase.lower().replace(" ", "_").replace("-", "_")
        message = exc.detail if isinstance(exc.detail, str) else phrase
        headers = dict(exc.headers or {})
        if exc.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
            # RFC 9110, 15.5.6: a 405 must list the methods the resource does support.
            headers["Allow"] = ", ".join(allowed_methods(request.app, request.scope))
        return _error_response(exc.status_code, code, message, headers=headers)
