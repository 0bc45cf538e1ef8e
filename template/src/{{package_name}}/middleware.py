"""Pure ASGI middleware: cheaper than BaseHTTPMiddleware and safe with streaming bodies."""

from __future__ import annotations

import json
import logging
import os
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_body
from .logs import bound_request_id

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = b"x-request-id"
_SAFE_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._-]{1,128}$")

_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    # Powerful browser features this app never uses: denied, so injected script cannot either.
    (
        b"permissions-policy",
        b"accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
        b"gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()",
    ),
]
# The interactive API docs load their scripts and styles from a CDN; everything else is JSON.
_API_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
_DOCS_PATHS = ("/docs", "/redoc")
# API answers carry personal data (the signed-in user, tokens, invites): no cache, shared or
# private, may keep them. A route that is safe to cache says so with its own Cache-Control.
_API_PATHS = "/api/"
_NO_STORE = (b"cache-control", b"no-store")


async def _send_error(
    send: Send, status: int, body: dict[str, object], extra: list[tuple[bytes, bytes]]
) -> None:
    payload = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


class HealthzMiddleware:
    """Answers GET /healthz inside our middleware stack but before FastAPI's routing.

    Liveness only says "the process answers", so it needs no routing, validation or
    serialisation; load balancers call it constantly. The request still passes through the
    request id, metrics, security headers and body limit, like every other request.
    """

    _BODY = b'{"status":"ok"}'

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/healthz" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        scope["route_template"] = "/healthz"
        headers = [(b"content-type", b"application/json"), (b"content-length", b"15")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": self._BODY})


def _host_name(host: bytes) -> str:
    """The name in a Host header, without its port: `[::1]:8000` is `::1`."""
    text = host.decode("latin-1").strip().lower()
    if text.startswith("["):
        return text[1:].partition("]")[0]
    return text.rpartition(":")[0] if text.count(":") == 1 else text


class TrustedHostMiddleware:
    """Answers 400 to a request whose Host header names a site this app does not serve.

    A forged Host would otherwise reach every place that builds a URL from the request (a
    redirect, a page's absolute link) and any cache keyed on it. It sits inside the liveness
    answer, so the load balancer's and the container's checks (which name the task's address)
    pass; `/metrics` is exempt too, for Prometheus scrapes each task's private address and the
    app refuses proxied requests to it anyway.
    """

    EXEMPT_PATHS = frozenset({"/metrics"})

    def __init__(self, app: ASGIApp, *, allowed_hosts: frozenset[str]) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts
        self.any_host = "*" in allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.any_host or scope["path"] in self.EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        host = next((value for name, value in scope["headers"] if name == b"host"), b"")
        if _host_name(host) in self.allowed_hosts:
            await self.app(scope, receive, send)
            return
        # The Host given is not repeated back: it is the attacker's text.
        body = error_body(
            "invalid_host",
            "The Host header names no site this server serves; use the site's own address.",
        )
        await _send_error(send, 400, body, [])


class RequestIdMiddleware:
    """Gives every request an id (the caller's, if safe) and returns it as X-Request-ID.

    It is the outermost of our middleware, so it also turns an unhandled exception into the
    standard 500 body: that response carries the request id to quote in a bug report.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next((v for k, v in scope["headers"] if k == REQUEST_ID_HEADER), b"")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else os.urandom(16).hex().encode()
        scope.setdefault("state", {})["request_id"] = request_id.decode()
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), (REQUEST_ID_HEADER, request_id)]
            await send(message)

        # Every line logged while the request is handled carries the id (logs.py).
        with bound_request_id(request_id.decode()):
            try:
                await self.app(scope, receive, send_with_id)
            except Exception:
                logger.exception(
                    "unhandled error on %s %s (request id %s)",
                    scope.get("method"),
                    scope.get("path"),
                    request_id.decode(),
                )
                if started:
                    raise
                body = error_body("internal_error", "Something went wrong on our side.")
                await _send_error(send, 500, body, [(REQUEST_ID_HEADER, request_id)])


class SecurityHeadersMiddleware:
    """Adds conservative security headers; HSTS only where HTTPS is guaranteed.

    `/api/` answers also get `Cache-Control: no-store` unless the route set its own.
    """

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = list(_SECURITY_HEADERS)
        if not scope["path"].startswith(_DOCS_PATHS):
            headers.append(_API_CSP)
        if scope["path"].startswith(_API_PATHS):
            headers.append(_NO_STORE)
        if self.hsts:
            headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = message.get("headers", [])
                # The response's own CSP or Cache-Control wins over the defaults.
                own = {name.lower() for name, _ in existing} & {_API_CSP[0], _NO_STORE[0]}
                message["headers"] = [*existing, *(h for h in headers if h[0] not in own)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _BodyTooLarge(Exception):
    pass


class BodySizeLimitMiddleware:
    """Answers 413 to bodies over `max_bytes`, declared or streamed, before the app reads them.

    A streamed body is cut off as soon as it passes the limit: the 413 goes out at once, and
    whatever the app answers after its interrupted read is dropped.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(send)
            return

        received = 0
        started = False
        rejected = False

        async def counting_receive() -> Message:
            nonlocal received, rejected
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes and not started:
                    rejected = True
                    await self._reject(send)
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if rejected:
                return  # the 413 has gone out; drop the app's answer to the cut-off body
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _BodyTooLarge:
            if not rejected:
                raise

    async def _reject(self, send: Send) -> None:
        body = error_body(
            "payload_too_large",
            f"The request body is larger than the {self.max_bytes} bytes this server accepts.",
        )
        await _send_error(send, 413, body, [])
