"""Dependencies every domain uses: the settings and a database session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from .config import Settings


# Cheap dependencies are `async def`: FastAPI runs plain `def` dependencies in a thread pool,
# and each hop costs more than the work (measured in bench/api.py).
async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session for the request; it takes a connection only when the first query runs.

    Opening costs no I/O, so it happens on the event loop. Closing gives the connection back
    (a ROLLBACK on PostgreSQL), so it runs in the thread pool, but only when a transaction is
    still open: a request whose flow committed, or that never queried, pays no extra hop.
    """
    session: Session = request.app.state.sessionmaker()
    try:
        yield session
    finally:
        if session.in_transaction():
            await run_in_threadpool(session.close)
        else:
            session.close()


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_session)]
