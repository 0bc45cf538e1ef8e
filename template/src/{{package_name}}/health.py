"""Liveness and readiness probes for the load balancer and the orchestrator."""

from __future__ import annotations

import logging
from typing import Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from .errors import NotFound

router = APIRouter(tags=["health"])
logger = logging.getLogger(__name__)


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unreachable"]


@router.get("/healthz")
async def healthz() -> Health:
    """Liveness: the process answers. Never touches the database."""
    return Health(status="ok")


def database_reachable(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        logger.warning("readiness check: database unreachable", exc_info=True)
        return False
    return True


@router.get(
    "/readyz", responses={503: {"model": Readiness, "description": "Database unreachable."}}
)
def readyz(request: Request) -> JSONResponse:
    """Readiness: the database answers; 503 until it does, so traffic waits."""
    if database_reachable(request.app.state.engine):
        return JSONResponse(Readiness(status="ok", database="ok").model_dump())
    body = Readiness(status="unavailable", database="unreachable").model_dump()
    return JSONResponse(body, status_code=503)


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """Prometheus metrics: requests and latency per route, analytics counters, outbox depth.

    Only for a scraper inside the network: a request that came through a proxy (the load
    balancer adds X-Forwarded-For to every one) is answered 404, as the listener's own rule
    answers it on AWS (infra/modules/service).
    """
    if "x-forwarded-for" in request.headers:
        raise NotFound("Not Found")
    return Response(
        generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST
    )
