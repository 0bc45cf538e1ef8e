"""After `copier copy`: git init, lock the dependencies with uv, and commit.

Copier runs this file as a script (`python hooks/post_copy.py --project-name ...`) with the
generated project as the working directory; the tests import it as `hooks.post_copy`. Each
step prints one line, and a missing tool or a failed step is a warning, never an error:
Copier deletes a freshly generated project when a task exits non-zero, and the project
works without any of these steps.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script, Python puts hooks/ itself on sys.path, not the template root, so
    # `hooks` is not a package yet. Adding the root keeps a single import below, the same
    # one the tests use, instead of a second, relative way to reach `_run`.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hooks import _run

PREFIX = "copier-mvp:"
UV_URL = "https://docs.astral.sh/uv/"
# Used only for what git cannot find itself, so a fresh machine can still commit.
FALLBACK_IDENTITY = {"name": "copier-mvp", "email": "copier-mvp@localhost"}


def say(message: str) -> None:
    print(f"{PREFIX} {message}", flush=True)


def _git_config(destination: Path, key: str) -> str:
    try:
        return _run.run("git", "config", "--get", key, cwd=destination).strip()
    except _run.CommandFailed:  # exit 1: not set
        return ""


def _inside_work_tree(destination: Path) -> bool:
    try:
        output = _run.run("git", "rev-parse", "--is-inside-work-tree", cwd=destination)
    except _run.CommandFailed:
        return False
    return output.strip() == "true"


def fallback_identity(destination: Path) -> dict[str, str]:
    """GIT_AUTHOR_*/GIT_COMMITTER_* for each of name and e-mail that neither config nor env set."""
    env: dict[str, str] = {}
    for field, fallback in FALLBACK_IDENTITY.items():
        if _git_config(destination, f"user.{field}"):
            continue
        if field == "email" and os.environ.get("EMAIL"):  # git's own last resort before guessing
            continue
        for role in ("AUTHOR", "COMMITTER"):
            variable = f"GIT_{role}_{field.upper()}"
            if not os.environ.get(variable):
                env[variable] = fallback
    return env


def init_repository(destination: Path) -> bool:
    """Returns True when this hook created the repository (and so may commit to it)."""
    if _run.which("git") is None:
        say("WARNING git not found: skipped `git init` and the first commit")
        return False
    if _inside_work_tree(destination):
        say("git init skipped: the destination is already inside a repository; commit it yourself")
        return False
    try:
        _run.run("git", "init", "--quiet", "--initial-branch=main", cwd=destination)
    except _run.CommandFailed as error:
        say(f"WARNING git init failed, run `git init -b main` yourself: {error}")
        return False
    say("git init ... done (branch main)")
    return True


def lock_dependencies(destination: Path) -> None:
    if _run.which("uv") is None:
        say(f"WARNING uv not found: skipped `uv lock`; install uv ({UV_URL}), then `make install`")
        return
    try:
        _run.run("uv", "lock", "--quiet", cwd=destination)
    except _run.CommandFailed as error:
        say(f"WARNING uv lock failed, run `uv lock` later (`make install` does): {error}")
        return
    say("uv lock ... done (uv.lock)")


def first_commit(destination: Path, *, project_name: str, template_version: str) -> None:
    message = f"Generate {project_name} from copier-mvp {template_version}"
    try:
        env = fallback_identity(destination)
        _run.run("git", "add", "--all", cwd=destination)
        _run.run("git", "commit", "--quiet", "--no-verify", "-m", message, cwd=destination, env=env)
    except _run.CommandFailed as error:
        say(f"WARNING first commit failed, run `git add -A && git commit` yourself: {error}")
        return
    say(f"git commit ... done ({message!r})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--project-name", required=True)
    parser.add_argument("--template-version", default="unknown")
    parser.add_argument(
        "--destination", type=Path, default=None, help="default: the current directory"
    )
    args = parser.parse_args(argv)
    destination: Path = (args.destination or Path.cwd()).resolve()

    owns_repository = init_repository(destination)
    lock_dependencies(destination)
    if owns_repository:
        first_commit(
            destination, project_name=args.project_name, template_version=args.template_version
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
