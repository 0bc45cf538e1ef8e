"""Database engine, sessions, the shared metadata, and the hot paths' prepared statements."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    BindParameter,
    Connection,
    DateTime,
    Dialect,
    Engine,
    Insert,
    MetaData,
    PoolProxiedConnection,
    Select,
    Table,
    TypeDecorator,
    bindparam,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InvalidatePoolError, StatementError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from .config import Settings

# Deterministic constraint names: Alembic can then drop and alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every database (SQLite drops the offset otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime in UTC")
        return value if value.tzinfo is UTC else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        return _utc_from_driver(value)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], Any] | None:
        # SQLite keeps the text SQLAlchemy wrote: one C-level parse instead of SQLAlchemy's
        # pattern match and then the zone, half the cost of each of a page's 40 datetimes.
        if dialect.name == "sqlite":
            return _utc_from_sqlite_text
        # psycopg gives aware datetimes in the session's time zone, which build_engine sets to
        # UTC: each is passed through as it is, with no conversion (docs/adr/0015).
        if dialect.name == "postgresql":
            return _utc_from_driver
        return super().result_processor(dialect, coltype)


def _in_utc(value: datetime) -> datetime:
    """A naive value is UTC as stored; an aware one is moved to UTC (a UTC one is kept)."""
    if value.tzinfo is UTC:
        return value
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _utc_from_driver(value: datetime | None) -> datetime | None:
    return None if value is None else _in_utc(value)


def _utc_from_sqlite_text(value: str | datetime | None) -> datetime | None:
    if value is None:
        return None
    return _in_utc(datetime.fromisoformat(value) if isinstance(value, str) else value)


# How long a SQLite statement waits for another connection's write lock before it fails.
SQLITE_BUSY_TIMEOUT_MS = 5000


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # Write-ahead logging: readers never wait for the writer, and a commit appends to the log
    # instead of syncing the whole file; with synchronous=NORMAL it is durable across a crash
    # of the app, and only a power cut can lose the last commits (docs/adr/0010).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def build_engine(settings: Settings) -> Engine:
    """An engine for the configured database; creates the SQLite file's folder if needed.

    hide_parameters: an error's text names the statement but not its values, which are
    e-mail addresses, password hashes and token hashes; it goes to the logs (logs.py).
    """
    if settings.is_sqlite:
        path = settings.sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            settings.database_url,
            connect_args={"check_same_thread": False},
            hide_parameters=True,
        )
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    engine = create_engine(
        settings.database_url,
        pool_size=10,
        max_overflow=10,
        connect_args={"connect_timeout": 5, "options": _in_utc_options(settings.database_url)},
        hide_parameters=True,
    )
    ping_idle_connections(engine)
    return engine


def _in_utc_options(database_url: str) -> str:
    """The session's time zone is UTC whatever the server's default (libpq's `options`, sent
    when the connection opens: no round trip), so each timestamp is read as UTC with no
    conversion; `options` the URL gives are kept, before it."""
    given = make_url(database_url).query.get("options")
    return " ".join([*([given] if isinstance(given, str) else given or ()), "-c TimeZone=UTC"])


# A pooled connection is pinged before use only when it sat idle longer than this. One used a
# moment ago is as alive as a ping could show, and a ping on every checkout is a round trip on
# every request; a restart or a failover takes far longer, so every connection from before it
# is pinged, and a dead one replaced, before a request uses it (docs/adr/0015).
PING_AFTER_IDLE_SECONDS = 1.0
_RETURNED_AT = "returned_at"


def ping_idle_connections(engine: Engine) -> None:
    """SQLAlchemy's pre-ping, for connections idle longer than PING_AFTER_IDLE_SECONDS only.

    A connection that fails its ping is dropped with every older one in the pool (as the
    pre-ping does: a dead connection means the server went away), and the request gets a new
    one.
    """
    dialect = engine.dialect

    def returned(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        since = record.info.get(_RETURNED_AT)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return  # just connected, or back in the pool a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            raise InvalidatePoolError("an idle pooled connection no longer answers") from error

    event.listen(engine, "checkin", returned)
    event.listen(engine, "checkout", checked_out)


def build_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def open_session(settings: Settings) -> Session:
    """A session outside a request (the command line); close it with `with`."""
    return build_sessionmaker(build_engine(settings))()


# What the serving role may do (docs/security.md): read and write rows, draw ids from sequences,
# read the schema's version. Never TRUNCATE, REFERENCES or TRIGGER, never anything on the
# schema itself; the migrating role owns every table.
_SERVING_ROLE_GRANTS = (
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",  # PostgreSQL before 15 lets anyone create
    "REVOKE CREATE ON SCHEMA public FROM {role}",
    "REVOKE CREATE ON DATABASE {database} FROM {role}",
    "GRANT CONNECT ON DATABASE {database} TO {role}",
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    # Tables and sequences the migrating role creates later get the same grants.
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public"
    " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    "REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {role}",
)


class ServingRoleError(RuntimeError):
    """The serving role cannot be limited to rows: it owns part of the schema."""


def refuse_an_owning_serving_role(connection: Connection, *, role: str) -> None:
    """Raise ServingRoleError when `role` owns a table: grants could not hold it back.

    `migrate` checks before it migrates too: a migration altering a table the serving role
    owns would otherwise fail with PostgreSQL's "must be owner", which says nothing of why.
    """
    owned = connection.scalars(
        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = :role"),
        {"role": role},
    ).all()
    if owned:
        raise ServingRoleError(
            f"the serving role {role} owns {', '.join(sorted(owned))}, so it could change them: "
            f'hand them to the migrating role once (GRANT "{role}" TO CURRENT_USER; '
            f'REASSIGN OWNED BY "{role}" TO CURRENT_USER; REVOKE "{role}" FROM CURRENT_USER), '
            "then migrate again"
        )


def grant_serving_role(connection: Connection, *, role: str, password: str) -> str:
    """Create or update the PostgreSQL login `role` that serves the app, rows only.

    Run by the migrating role (the schema's owner) after the migrations, on every deploy, so
    the grants follow the schema and the role's password follows DATABASE_URL. The password
    goes to the server as a SCRAM verifier, never in clear: the server logs DDL statements.
    """
    # Imported here, not with the module: every process imports db.py, and only `migrate`
    # against PostgreSQL needs psycopg (a tenth of a second at each start otherwise).
    import psycopg  # noqa: PLC0415
    from psycopg import sql  # noqa: PLC0415

    refuse_an_owning_serving_role(connection, role=role)
    raw = connection.connection.driver_connection
    if not isinstance(raw, psycopg.Connection):
        raise ServingRoleError("roles need PostgreSQL through psycopg (postgresql+psycopg://)")
    verifier = raw.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    exists = connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role})
    action = "ALTER" if exists else "CREATE"
    names = {"role": sql.Identifier(role), "database": sql.Identifier(raw.info.dbname)}
    statements = [
        sql.SQL(
            action + " ROLE {role} WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD {verifier}"
        ).format(verifier=sql.Literal(verifier.decode()), **names),
        *(sql.SQL(statement).format(**names) for statement in _SERVING_ROLE_GRANTS),
    ]
    with raw.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    connection.commit()
    return f"serving role {role} {'updated' if exists else 'created'}: rows only, no schema changes"


# ---------------------------------------------------------------- the hot paths (docs/adr/0012)
# SQLAlchemy's execution machinery (the execution context, the result object, the session's
# bookkeeping) costs several times what the database itself spends on a token lookup or a
# page of 20 rows. On the paths every client calls constantly, a statement is still written
# with SQLAlchemy, compiled once per dialect, then run straight on the pool's DBAPI
# connection, with the column types' own conversions.


class _Compiled:
    """One statement compiled for one dialect: its SQL, how to pass values, how to read rows."""

    __slots__ = ("_binds", "_compiled", "_converted", "_names", "_parameters", "sql")

    def __init__(self, statement: Select[Any] | Insert, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self._compiled = compiled
        self.sql = str(compiled)
        self._names = list(compiled.positiontup or ()) if dialect.positional else None
        # Each parameter under the name `construct_params` gives it (`binds` also holds a
        # constant's anonymous name).
        self._parameters = {name: parameter for parameter, name in compiled.bind_names.items()}
        self._binds: dict[str, Callable[[Any], Any]] = {}
        for name, parameter in self._parameters.items():
            bind = parameter.type.dialect_impl(dialect).bind_processor(dialect)
            if bind is not None:
                self._binds[name] = bind
        # The result columns that need a conversion, by position (a SELECT's columns, an
        # INSERT's RETURNING); the others are taken as the driver gives them.
        self._converted = [
            (index, convert)
            for index, column in enumerate(statement.exported_columns)
            if (convert := column.type.dialect_impl(dialect).result_processor(dialect, None))
        ]

    def parameters(self, values: dict[str, Any]) -> Sequence[Any] | Mapping[str, Any]:
        merged = self._compiled.construct_params(values)
        for name, bind in self._binds.items():
            merged[name] = bind(merged[name])
        return merged if self._names is None else [merged[name] for name in self._names]

    def parameter_rows(
        self, rows: Sequence[Mapping[str, Any]], shared: Mapping[str, Any]
    ) -> list[tuple[Any, ...]] | list[dict[str, Any]]:
        """Each row's parameters for an executemany, converted column by column: a value that
        `shared` gives, or that the statement fixes, is converted once for every row."""
        first = self._compiled.construct_params({**rows[0], **shared})  # refuses a missing value
        columns: dict[str, list[Any]] = {}
        for name, parameter in self._parameters.items():
            bind = self._binds.get(name)
            if parameter.key in shared or parameter.key not in rows[0]:
                columns[name] = [first[name] if bind is None else bind(first[name])] * len(rows)
            else:
                column = [row[parameter.key] for row in rows]
                columns[name] = column if bind is None else list(map(bind, column))
        if self._names is not None:
            return list(zip(*(columns[name] for name in self._names), strict=True))
        names = list(columns)
        rows_of_values = zip(*columns.values(), strict=True)
        return [dict(zip(names, values, strict=True)) for values in rows_of_values]

    def row(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        if not self._converted:
            return tuple(raw)
        values = list(raw)
        for index, convert in self._converted:
            values[index] = convert(values[index])
        return tuple(values)


class Prepared:
    """A SELECT or an INSERT written with SQLAlchemy, compiled on first use for each dialect.

    An INSERT names each value it takes as a typed bind parameter (`insert_values`): run by
    the driver, it gets no column defaults from SQLAlchemy, so the caller passes them all.
    A dialect can have a form of its own (`postgresql=`, `sqlite=`): an `INSERT ... ON
    CONFLICT`, which each dialect's own `insert` construct writes.
    """

    __slots__ = ("_by_dialect", "_forms", "statement")

    def __init__(self, statement: Select[Any] | Insert, /, **forms: Select[Any] | Insert) -> None:
        self.statement = statement
        self._forms = forms
        self._by_dialect: dict[str, _Compiled] = {}

    def compiled(self, dialect: Dialect) -> _Compiled:
        found = self._by_dialect.get(dialect.name)
        if found is None:
            statement = self._forms.get(dialect.name, self.statement)
            found = self._by_dialect[dialect.name] = _Compiled(statement, dialect)
        return found


def insert_values(table: Table, *names: str) -> dict[str, BindParameter[Any]]:
    """`insert(table).values(**insert_values(table, "a", "b"))`: one typed parameter a column."""
    return {name: bindparam(name, type_=table.c[name].type) for name in names}


class Statements:
    """Runs `Prepared` statements on one pooled DBAPI connection.

    A hot path gets one from `InSession.read` (outside any transaction); code that has a
    session runs them inside its transaction with `Statements.of(session)`, and the
    session's commit or rollback covers them.
    A driver's error is raised as SQLAlchemy's, without the statement's values (like the
    engine's `hide_parameters`), and a lost connection is invalidated, never pooled again.
    """

    __slots__ = ("_connection", "_dialect")

    def __init__(self, connection: PoolProxiedConnection, dialect: Dialect) -> None:
        self._connection = connection
        self._dialect = dialect

    @classmethod
    def of(cls, session: Session) -> Statements:
        connection = session.connection()
        return cls(connection.connection, connection.dialect)

    def all(self, statement: Prepared, **values: Any) -> list[tuple[Any, ...]]:
        """The rows of a SELECT, or of an INSERT's RETURNING."""
        return self._run(statement, values, fetch=True)

    def execute(self, statement: Prepared, **values: Any) -> None:
        """A statement that returns no rows."""
        self._run(statement, values, fetch=False)

    def execute_many(
        self, statement: Prepared, rows: Sequence[Mapping[str, Any]], **shared: Any
    ) -> int:
        """One statement for each row, sent as the driver's one executemany; `shared` values
        are the same for every row. Returns how many rows it changed (an INSERT that ignores
        conflicts: how many it stored)."""
        if not rows:
            return 0
        compiled = statement.compiled(self._dialect)
        parameters = compiled.parameter_rows(rows, shared)
        cursor = self._connection.cursor()
        try:
            cursor.executemany(compiled.sql, parameters)
            return int(cursor.rowcount)
        except self._dialect.loaded_dbapi.Error as error:
            raise self._failed(compiled, error, cursor) from error
        finally:
            cursor.close()

    def _run(
        self, statement: Prepared, values: dict[str, Any], *, fetch: bool
    ) -> list[tuple[Any, ...]]:
        compiled = statement.compiled(self._dialect)
        cursor = self._connection.cursor()
        try:
            cursor.execute(compiled.sql, compiled.parameters(values))
            return [compiled.row(raw) for raw in cursor.fetchall()] if fetch else []
        except self._dialect.loaded_dbapi.Error as error:
            raise self._failed(compiled, error, cursor) from error
        finally:
            cursor.close()

    def _failed(self, compiled: _Compiled, error: Any, cursor: Any) -> StatementError:
        """The driver's error as SQLAlchemy's, without the values; a lost connection is
        invalidated on the way."""
        if self._dialect.is_disconnect(error, self._connection.dbapi_connection, cursor):
            self._connection.invalidate(error)
        failure: StatementError = DBAPIError.instance(
            compiled.sql, None, error, self._dialect.loaded_dbapi.Error,
            hide_parameters=True, dialect=self._dialect,
        )  # fmt: skip
        return failure

    def scalar(self, statement: Prepared, **values: Any) -> Any:
        rows = self.all(statement, **values)
        return rows[0][0] if rows else None


T = TypeVar("T")


def reads_never_wait(engine: Engine) -> bool:
    """Whether a read here never waits for a lock: SQLite in write-ahead logging, where readers
    see the last commit while a writer works. A file system without shared memory (a network
    share) keeps SQLite in its rollback journal, where a read can wait for a writer."""
    if engine.dialect.name != "sqlite":
        return False
    with engine.connect() as connection:
        return connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


class WriterBusy(Exception):
    """Another connection holds SQLite's write lock."""


def take_write_lock_now(session: Session) -> None:
    """Begins the session's transaction holding SQLite's write lock, or raises WriterBusy at
    once, without waiting, when another connection holds it. Once the lock is held, no
    statement of the transaction waits for another writer (docs/adr/0015)."""
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout=0")
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                raise
            raise WriterBusy from error
        finally:
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def read_outside_transaction(engine: Engine, work: Callable[[Statements], T]) -> T:
    """Runs `work` on a pooled connection in autocommit: no BEGIN, no ROLLBACK round trips.

    SQLite's driver opens no transaction for a SELECT, so only other databases are switched
    (switching SQLite back would cost a statement of its own).
    """
    dialect = engine.dialect
    connection = engine.raw_connection()
    try:
        dbapi = connection.dbapi_connection if dialect.name != "sqlite" else None
        if dbapi is not None:
            dialect.set_isolation_level(dbapi, "AUTOCOMMIT")
        try:
            return work(Statements(connection, dialect))
        finally:
            if dbapi is not None:
                dialect.reset_isolation_level(dbapi)
    finally:
        connection.close()
