"""Dependencies every domain uses: the settings and a database session."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from .config import Settings
from .db import (
    Statements,
    WriterBusy,
    read_outside_transaction,
    reads_never_wait,
    take_write_lock_now,
)


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
W = TypeVar("W")
# The hops' own threads, one per connection the PostgreSQL pool can lend (10 + 10, db.py):
# a thread more would only wait for a connection.
HOP_THREADS = 20


class InSession:
    """Runs an endpoint's whole database work in one thread-pool hop.

    A plain `def` dependency or endpoint costs FastAPI one hop each, and the hops cost more
    than the queries (docs/adr/0011). An `async def` endpoint on a hot path hands this one
    function that does everything: looks up the bearer token's user, calls the flow or the
    service, and builds the answer. `__call__` gives it a session, closed in the same hop (an
    open transaction is rolled back there, a committed one costs nothing more); `read` gives
    it a `Statements` on a pooled connection outside any transaction (docs/adr/0012).

    On SQLite in write-ahead logging two kinds of work take no hop when they need not wait
    (docs/adr/0015): SQLite's driver lets go of the GIL at every row, so in a worker thread
    each row is a hand-off with the event loop, which costs more than the work. A `read`
    never waits for a lock. `one_transaction` first takes the write lock without waiting: if
    it is free, the work runs on the event loop in that transaction; if another writer holds
    it, the work hops and waits there. Either holds the event loop while it runs: give them
    bounded work only (a page by an index, a flow that commits once).

    The hop is the event loop's own executor call on threads of our own: a third of the CPU
    of the general-purpose thread pool FastAPI uses for `def` endpoints (docs/adr/0012). The
    request's context variables (its id in the logs) go with it.
    """

    __slots__ = ("_engine", "_executor", "_on_the_loop", "_sessions")

    def __init__(self, engine: Engine, sessions: sessionmaker[Session]) -> None:
        self._engine = engine
        self._sessions = sessions
        self._executor: ThreadPoolExecutor | None = None
        self._on_the_loop: bool | None = None  # SQLite in write-ahead logging; known on first use

    async def _hop(self, function: Callable[[W], T], work: W) -> T:
        # Started on the first hop and again after `close`: an app can be started and
        # stopped more than once (each `with TestClient(app)` runs its lifespan).
        if self._executor is None:
            self._executor = ThreadPoolExecutor(HOP_THREADS, thread_name_prefix="db-hop")
        context = contextvars.copy_context()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, context.run, function, work)

    async def __call__(self, work: Callable[[Session], T]) -> T:
        return await self._hop(self._in_session, work)

    async def one_transaction(self, work: Callable[[Session], T]) -> T:
        """`work` as one transaction on the session's own connection. Its writes go through
        that session alone: on SQLite the transaction holds the write lock from its start,
        so a write on another connection (a rate limit's hit) would wait for it; such work
        goes to `__call__`."""
        if self._runs_on_the_loop():
            try:
                return self._in_session_holding_the_lock(work)
            except WriterBusy:
                pass  # the work has not run: it waits for the other writer in a thread
        return await self._hop(self._in_session, work)

    async def read(self, work: Callable[[Statements], T]) -> T:
        if self._runs_on_the_loop():
            return self._read(work)
        return await self._hop(self._read, work)

    def _runs_on_the_loop(self) -> bool:
        if self._on_the_loop is None:
            self._on_the_loop = reads_never_wait(self._engine)
        return self._on_the_loop

    def _in_session(self, work: Callable[[Session], T]) -> T:
        with self._sessions() as session:
            return work(session)

    def _in_session_holding_the_lock(self, work: Callable[[Session], T]) -> T:
        with self._sessions() as session:
            take_write_lock_now(session)  # WriterBusy before the work runs
            return work(session)

    def _read(self, work: Callable[[Statements], T]) -> T:
        return read_outside_transaction(self._engine, work)

    def close(self) -> None:
        """Lets the threads end once idle (the app's shutdown)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False)
            self._executor = None


async def get_in_session(request: Request) -> InSession:
    in_session: InSession = request.app.state.in_session
    return in_session


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_session)]
InSessionDep = Annotated[InSession, Depends(get_in_session)]
