"""A throw-away PostgreSQL server for the tests, started from the local binaries.

PostgreSQL refuses to run as root; when the tests run as root (containers, CI machines)
the server runs as the `postgres` OS user instead, in a folder that user owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

_SUPERUSER = "postgres"


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def _is_root() -> bool:
    return os.geteuid() == 0


def postgres_unavailable_reason() -> str | None:
    """Why no test server can start here, or None when it can."""
    missing = [name for name in ("initdb", "pg_ctl") if _binary(name) is None]
    if missing:
        return (
            f"PostgreSQL server binaries not found ({', '.join(missing)}): install PostgreSQL 15 "
            "(Debian: apt-get install postgresql) to run the PostgreSQL half of the suite"
        )
    if _is_root():
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and no 'postgres' OS user exists to run the server as"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PostgresServer:
    def __init__(self, **settings: str) -> None:
        # Not under pytest's tmp folder: that is private to root, and the server may run as
        # the postgres user, who must be able to reach its own folder.
        self.base = Path(tempfile.mkdtemp(prefix="pytest-postgres-"))
        self.data = self.base / "data"
        self.port = _free_port()
        self.host = "127.0.0.1"
        # More server settings (ssl=on, ...), passed as `-c name=value`.
        self.settings = settings

    def give_to_server(self, path: Path) -> None:
        """Make a file in `base` the server's own (a TLS key must belong to the server's user)."""
        if _is_root():
            account = pwd.getpwnam("postgres")
            os.chown(path, account.pw_uid, account.pw_gid)

    def _run(self, *args: str) -> None:
        command = list(args)
        if _is_root():
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def start(self) -> None:
        if _is_root():
            account = pwd.getpwnam("postgres")
            os.chown(self.base, account.pw_uid, account.pw_gid)
        if not self.data.exists():
            self._run(
                str(_binary("initdb")), "-D", str(self.data), "-U", _SUPERUSER,
                "--auth=trust", "--encoding=UTF8", "--no-sync",
            )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses={self.host} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            + "".join(f" -c {name}={value}" for name, value in self.settings.items())
        )
        log = self.base / "server.log"
        self._run(
            str(_binary("pg_ctl")),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(log),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(str(_binary("pg_ctl")), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{_SUPERUSER}@{self.host}:{self.port}/{database}"


def create_database(server: PostgresServer, name: str) -> str:
    """Create (or re-create) an empty database and return its SQLAlchemy URL."""
    with psycopg.connect(
        host=server.host, port=server.port, user=_SUPERUSER, dbname="postgres", autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return server.url(name)
