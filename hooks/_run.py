"""The one place the hooks shell out, through plumbum."""

from __future__ import annotations

from pathlib import Path

from plumbum import ProcessExecutionError, local


class CommandFailed(RuntimeError):
    """A command exited non-zero; the message carries its output."""


def which(name: str) -> Path | None:
    """The full path of an executable on PATH, or None."""
    try:
        return Path(str(local.which(name)))
    except Exception:  # plumbum raises CommandNotFound, whose base differs across versions
        return None


def run(name: str, *args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run `name args...` in `cwd` and return its standard output; raise CommandFailed."""
    command = local[name]
    if env:
        command = command.with_env(**env)
    try:
        with local.cwd(cwd):
            return str(command(*args))
    except ProcessExecutionError as error:
        output = (error.stderr or error.stdout or "").strip()
        raise CommandFailed(
            f"`{name} {' '.join(args)}` exited {error.retcode}: {output}"
        ) from error
