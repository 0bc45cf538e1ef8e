"""The application factory: middleware, lifespan and routers; nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from . import SUMMARY, __version__
from .analytics.router import dashboard_router
from .analytics.router import router as analytics_router
from .config import Environment, Settings, get_settings
from .db import build_engine, build_sessionmaker
from .errors import install_error_handlers
from .health import router as health_router
from .invite.router import router as invite_router
from .item.router import router as item_router
from .logs import configure_logging
from .metrics import Metrics, MetricsMiddleware
from .middleware import (
    BodySizeLimitMiddleware,
    HealthzMiddleware,
    RequestIdMiddleware,
    SecurityHeadersMiddleware,
)
from .user.router import router as user_router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    engine = build_engine(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title=settings.project_name,
        version=__version__,
        description=SUMMARY,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = build_sessionmaker(engine)
    app.state.metrics = Metrics(engine)

    install_error_handlers(app)
    # Starlette runs the middleware added last first: the request id wraps everything.
    app.add_middleware(HealthzMiddleware)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(
        SecurityHeadersMiddleware, hsts=settings.environment is Environment.PRODUCTION
    )
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    app.add_middleware(RequestIdMiddleware)

    routers = (health_router, user_router, invite_router, item_router, analytics_router)
    for router in (*routers, dashboard_router):
        app.include_router(router)
    return app
