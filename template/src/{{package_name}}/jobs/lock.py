"""One process at a time: a named lock in the database, so it holds across tasks and hosts.

PostgreSQL: a session advisory lock on a connection kept for the run; the server frees it when
the connection ends, so a task killed mid-run never leaves it behind. SQLite: a row in `locks`,
inserted to take the lock (a second insert fails on the key), with an expiry that frees the
lock of a process that died holding it.
"""

from __future__ import annotations

import os
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Connection, Engine, delete, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db import utcnow
from .models import Lock


@contextmanager
def hold(engine: Engine, name: str, *, lease: timedelta) -> Iterator[bool]:
    """Yields True while this process holds `name`, False at once when another process does.

    `lease` bounds how long a holder that died keeps the lock on SQLite; it must exceed the
    longest run.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            yield from _advisory(connection, name)
        return
    yield from _lock_row(engine, name, lease=lease)


def _advisory(connection: Connection, name: str) -> Iterator[bool]:
    key = zlib.crc32(name.encode())  # a stable number for the name, the same in every process
    taken = bool(connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}))
    connection.commit()  # the lock outlives the transaction; an open one would hold a snapshot
    if not taken:
        yield False
        return
    try:
        yield True
    finally:
        try:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            connection.commit()
        except Exception:
            connection.invalidate()  # closing the connection frees the lock; never pool it
            raise


def _lock_row(engine: Engine, name: str, *, lease: timedelta) -> Iterator[bool]:
    holder = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
    with Session(engine) as session:
        now = utcnow()
        session.execute(delete(Lock).where(Lock.name == name, Lock.expires_at < now))
        session.add(Lock(name=name, holder=holder, expires_at=now + lease))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            taken = False
        else:
            taken = True
    if not taken:
        yield False
        return
    try:
        yield True
    finally:
        with Session(engine) as session:
            session.execute(delete(Lock).where(Lock.name == name, Lock.holder == holder))
            session.commit()
