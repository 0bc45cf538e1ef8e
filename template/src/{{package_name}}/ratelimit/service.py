"""Fixed-window counters: `hit` counts one attempt and says whether it is within the limit.

Each hit is one `INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count` in a
transaction of its own on its own connection: concurrent requests in any worker each get a
distinct count, and an attempt still counts when the request that made it fails or rolls back.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Engine, Table, delete
from sqlalchemy.dialects import postgresql, sqlite

from ..config import MAX_RATE_LIMIT_WINDOW_SECONDS
from ..db import Prepared, Statements, insert_values
from .models import RateLimitWindow

_table = cast(Table, RateLimitWindow.__table__)


@dataclass(frozen=True)
class Verdict:
    """The count after this hit, whether it is within the limit, and when the window ends."""

    count: int
    allowed: bool
    retry_after: int  # whole seconds until the next window


def key(scope: str, value: str) -> str:
    """The counter's key: the scope and a hash of the value (an address or an IP)."""
    return f"{scope}:{hashlib.sha256(value.encode()).hexdigest()[:64]}"


def window_start(now: datetime, window_seconds: int) -> datetime:
    epoch = math.floor(now.timestamp() / window_seconds) * window_seconds
    return datetime.fromtimestamp(epoch, UTC)


def _counting(insert: Callable[[Table], Any]) -> Any:
    return (
        insert(_table)
        .values(**insert_values(_table, "key", "window_start"), count=1)
        .on_conflict_do_update(
            index_elements=[_table.c.key, _table.c.window_start],
            set_={"count": _table.c.count + 1},
        )
        .returning(_table.c.count)
    )


# Every limited request runs it, the ingest's every batch included: prepared once and run by
# the driver on a pooled connection (docs/adr/0012), in a transaction of its own.
_HIT = Prepared(_counting(postgresql.insert), sqlite=_counting(sqlite.insert))


def hit(engine: Engine, *, key: str, limit: int, window_seconds: int, now: datetime) -> Verdict:
    """Counts one attempt on `key`; allowed while the window's count is at most `limit`."""
    start = window_start(now, window_seconds)
    connection = engine.raw_connection()
    try:
        count: int = Statements(connection, engine.dialect).scalar(
            _HIT, key=key, window_start=start
        )
        connection.commit()
    finally:
        connection.close()  # back to the pool, which rolls back what did not commit
    remaining = start + timedelta(seconds=window_seconds) - now
    return Verdict(
        count=count,
        allowed=count <= limit,
        retry_after=max(1, math.ceil(remaining.total_seconds())),
    )


def purge(engine: Engine, *, now: datetime) -> int:
    """Deletes the counters of windows that ended (older than the longest window allowed)."""
    cutoff = now - timedelta(seconds=MAX_RATE_LIMIT_WINDOW_SECONDS)
    with engine.begin() as connection:
        result = connection.execute(delete(_table).where(_table.c.window_start < cutoff))
    return result.rowcount
