"""Dependencies every domain uses: the settings and a database session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker
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


T = TypeVar("T")
_AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}


class InSession:
    """Runs an endpoint's whole database work in one thread-pool hop, in a session of its own.

    A plain `def` dependency or endpoint costs FastAPI one hop each, and the hops cost more
    than the queries (docs/adr/0011). An `async def` endpoint on a hot path hands this one
    function that takes the session and does everything: looks up the bearer token's user,
    calls the flow or the service, and builds the answer. The session is closed in the same
    hop, so an open transaction is rolled back there and a committed one costs nothing more.
    """

    __slots__ = ("_sessions",)

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    async def __call__(self, work: Callable[[Session], T], *, read_only: bool = False) -> T:
        return await run_in_threadpool(self._run, work, read_only)

    def _run(self, work: Callable[[Session], T], read_only: bool) -> T:
        with self._sessions() as session:
            if read_only:
                # No BEGIN and no ROLLBACK: two round trips fewer on PostgreSQL. Each query
                # still sees committed data only; they need no common snapshot.
                session.connection(execution_options=_AUTOCOMMIT)
            return work(session)


async def get_in_session(request: Request) -> InSession:
    return InSession(request.app.state.sessionmaker)


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_session)]
InSessionDep = Annotated[InSession, Depends(get_in_session)]
