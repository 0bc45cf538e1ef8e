"""The one place the hooks shell out, through plumbum."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from plumbum import CommandNotFound, ProcessExecutionError, local


class CommandFailed(RuntimeError):
    """A command is missing or exited non-zero; the message says which and why."""


@contextmanager
def _current_environment() -> Iterator[None]:
    # plumbum copies os.environ once, when it is first imported, and searches PATH and
    # starts commands from that copy. Start each call from the process's environment as it
    # is now, so a caller's later changes (UV_PYTHON, PATH, a test's monkeypatch) count.
    with local.env():  # restores plumbum's copy on exit
        local.env.clear()
        local.env.update(os.environ)
        yield


def which(name: str) -> Path | None:
    """The full path of an executable on PATH, or None."""
    with _current_environment():
        try:
            return Path(str(local.which(name)))
        except CommandNotFound:
            return None


def run(name: str, *args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run `name args...` in `cwd` with the caller's environment plus `env`; return stdout."""
    printable = " ".join((name, *args))
    with _current_environment():
        try:
            command = local[name].with_cwd(cwd).with_env(**(env or {}))
            return str(command(*args))
        except CommandNotFound as error:
            raise CommandFailed(f"`{printable}`: {name} is not on PATH") from error
        except ProcessExecutionError as error:
            output = (error.stderr or error.stdout or "").strip()
            raise CommandFailed(f"`{printable}` exited {error.retcode}: {output}") from error
