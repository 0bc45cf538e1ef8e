"""Operational metrics in Prometheus format, one registry per app (so tests stay isolated)."""

from __future__ import annotations

import logging
import time
from functools import partial
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from sqlalchemy import ColumnElement, Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .analytics.models import AnalyticsEvent

# Buckets around the latencies an API like this one shows, from 5 ms to 5 s.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
# One line per request (method, route, status, duration_ms, request_id), JSON once main.py's
# create_app has configured logging.
request_logger = logging.getLogger(f"{__package__}.request")
# The load balancer's and the container's health checks.
PROBES = frozenset({"/healthz", "/readyz"})


class Metrics:
    def __init__(self, engine: Engine) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests",
            "HTTP requests by method, route template and status code.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "Time to the last byte of the response, by method and route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.events_ingested = Counter(
            "analytics_events_ingested", "Client events stored.", registry=self.registry
        )
        self.events_rejected = Counter(
            "analytics_events_rejected", "Client events refused.", registry=self.registry
        )
        # The forwarder runs in its own process, so its progress is read from the outbox table
        # at scrape time: true whichever process did the work.
        for name, documentation, condition in (
            (
                "analytics_outbox_depth",
                "Events not yet forwarded (-1 when the database cannot be read).",
                AnalyticsEvent.forwarded_at.is_(None),
            ),
            (
                "analytics_events_forwarded",
                "Events the sink has accepted (-1 when the database cannot be read).",
                AnalyticsEvent.forwarded_at.is_not(None),
            ),
            (
                "analytics_events_failing",
                "Waiting events whose last delivery failed (-1 when the database cannot be read).",
                AnalyticsEvent.forwarded_at.is_(None) & AnalyticsEvent.last_error.is_not(None),
            ),
        ):
            gauge = Gauge(name, documentation, registry=self.registry)
            gauge.set_function(partial(_count_events, engine, condition))


def _count_events(engine: Engine, condition: ColumnElement[bool]) -> float:
    try:
        with engine.connect() as connection:
            return float(connection.scalar(select(func.count()).where(condition)) or 0)
    except SQLAlchemyError:
        return -1.0


class MetricsMiddleware:
    """Counts, times and logs every request under its route template (/api/v1/items/{item_id})."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        # labels() takes a lock and builds a key on every call; the set of (method, route,
        # status) combinations is small, so the labelled children are looked up once.
        self._counters: dict[tuple[str, str, int], Any] = {}
        self._histograms: dict[tuple[str, str], Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            route = scope.get("route")
            # A router included in another (api_router) keeps its own path on the route;
            # FastAPI 0.16x records the full template, prefixes included, in its context.
            context = scope.get("fastapi", {}).get("effective_route_context")
            template = (
                scope.get("route_template")
                or getattr(context, "path_format", None)
                or getattr(route, "path_format", None)
                or getattr(route, "path", None)
                or "unmatched"
            )
            method = scope["method"]
            counter = self._counters.get((method, template, status))
            if counter is None:
                counter = self.metrics.requests.labels(method, template, str(status))
                self._counters[(method, template, status)] = counter
            histogram = self._histograms.get((method, template))
            if histogram is None:
                histogram = self.metrics.latency.labels(method, template)
                self._histograms[(method, template)] = histogram
            elapsed = time.perf_counter() - start
            counter.inc()
            histogram.observe(elapsed)
            # Probes answer every few seconds per task: a healthy one is DEBUG, a failing one
            # INFO like any request, so the log shows what changed, not the heartbeat.
            level = logging.DEBUG if template in PROBES and status < 400 else logging.INFO
            if request_logger.isEnabledFor(level):
                request_logger.log(
                    level,
                    "%s %s %d",
                    method,
                    template,
                    status,
                    extra={
                        "method": method,
                        "route": template,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 3),
                        "request_id": scope.get("state", {}).get("request_id"),
                    },
                )
