"""After `copier copy`: git init, lock the dependencies with uv, and commit.

Copier runs this file as a script (`python hooks/post_copy.py --project-name ...`) with the
generated project as the working directory; the tests import it as `hooks.post_copy`. Each
step prints one line, and a missing tool is a warning: the project works without the step.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `hooks` importable from the template root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hooks import _run

PREFIX = "copier-mvp:"
FALLBACK_IDENTITY = {
    "GIT_AUTHOR_NAME": "copier-mvp",
    "GIT_AUTHOR_EMAIL": "copier-mvp@localhost",
    "GIT_COMMITTER_NAME": "copier-mvp",
    "GIT_COMMITTER_EMAIL": "copier-mvp@localhost",
}


def say(message: str) -> None:
    print(f"{PREFIX} {message}", flush=True)


def _inside_work_tree(destination: Path) -> bool:
    try:
        return (
            _run.run("git", "rev-parse", "--is-inside-work-tree", cwd=destination).strip() == "true"
        )
    except _run.CommandFailed:
        return False


def _git_identity(destination: Path) -> dict[str, str]:
    """No environment override when git knows who the user is; a fallback otherwise."""
    try:
        _run.run("git", "config", "user.name", cwd=destination)
        _run.run("git", "config", "user.email", cwd=destination)
    except _run.CommandFailed:
        return dict(FALLBACK_IDENTITY)
    return {}


def init_repository(destination: Path) -> bool:
    """Returns True when this hook owns the repository (and may commit to it)."""
    if _run.which("git") is None:
        say("WARNING git not found: skipped `git init` and the first commit")
        return False
    if _inside_work_tree(destination):
        say("git: the destination is already inside a repository; leaving commits to you")
        return False
    _run.run("git", "init", "--quiet", "--initial-branch=main", cwd=destination)
    say("git init ... done (branch main)")
    return True


def lock_dependencies(destination: Path) -> None:
    if _run.which("uv") is None:
        say(
            "WARNING uv not found: skipped `uv lock`; install uv (https://docs.astral.sh/uv/) "
            "and run `make install`"
        )
        return
    try:
        _run.run("uv", "lock", "--quiet", cwd=destination)
    except _run.CommandFailed as error:
        say(f"WARNING uv lock failed, run `uv lock` yourself later: {error}")
        return
    say("uv lock ... done (uv.lock)")


def first_commit(destination: Path, *, project_name: str, template_version: str) -> None:
    message = f"Generate {project_name} from copier-mvp {template_version}"
    env = _git_identity(destination)
    _run.run("git", "add", "--all", cwd=destination)
    _run.run("git", "commit", "--quiet", "--no-verify", "-m", message, cwd=destination, env=env)
    say(f"git commit ... done ({message!r})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--project-name", required=True)
    parser.add_argument("--template-version", default="unknown")
    parser.add_argument("--destination", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    destination: Path = args.destination.resolve()

    owns_repository = init_repository(destination)
    lock_dependencies(destination)
    if owns_repository:
        first_commit(
            destination, project_name=args.project_name, template_version=args.template_version
        )
    say("done: run `make dev` to serve, `make test` to test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
