"""The baselines for `make bench`: an ASGI app with one JSON endpoint, and a bare FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

_BODY = b'{"status":"ok"}'
_HEADERS = [(b"content-type", b"application/json"), (b"content-length", b"15")]


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
    await send({"type": "http.response.body", "body": _BODY})


# The ratios' baseline: FastAPI's own floor, an `async def` endpoint and nothing else, served
# with the same uvicorn flags as the app.
fastapi_app = FastAPI(openapi_url=None)


@fastapi_app.get("/hello")
async def hello() -> dict[str, str]:
    return {"message": "Hello World"}
