"""Helpers: a versioned clone of the template, git in a project, an installed generated project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import TEMPLATE_ROOT, python_for

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Update Test",
    "GIT_AUTHOR_EMAIL": "update-test@example.com",
    "GIT_COMMITTER_NAME": "Update Test",
    "GIT_COMMITTER_EMAIL": "update-test@example.com",
}
# Ignored build output that must not be copied into the versioned clone.
_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache")


def git(cwd: Path, *args: str) -> str:
    import os

    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **GIT_IDENTITY},
    )
    assert result.returncode == 0, f"git {' '.join(args)} failed: {result.stderr}"
    return result.stdout


def release_commit(version: str) -> str | None:
    """The commit titled `Release <version>` in the template's history, if the clone has it."""
    found = git(TEMPLATE_ROOT, "log", "--format=%H", f"--grep=^Release {version}$").split()
    return found[0] if found else None


def versioned_template(
    destination: Path, *, previous: str, previous_commit: str, head: str
) -> Path:
    """A clone with `previous` tagged at its release commit and the working tree as `head`.

    The working tree is copied in uncommitted, so the update tests test the code under review.
    """
    git(
        TEMPLATE_ROOT.parent, "clone", "--quiet", "--no-local", str(TEMPLATE_ROOT), str(destination)
    )
    git(destination, "tag", "--force", previous, previous_commit)
    for tag in git(destination, "tag", "--list").split():
        if tag not in (previous,):
            git(destination, "tag", "--delete", tag)
    shutil.copytree(TEMPLATE_ROOT, destination, ignore=_NOT_SOURCE, dirs_exist_ok=True)
    for path in git(destination, "ls-files").splitlines():
        if not (TEMPLATE_ROOT / path).exists():  # deleted in the working tree
            (destination / path).unlink()
    git(destination, "add", "--all")
    git(destination, "commit", "--quiet", "--allow-empty", "-m", f"Release {head} (working tree)")
    git(destination, "tag", head)
    return destination


def commit_all(project: Path, message: str) -> None:
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--no-verify", "-m", message)


def installed_project(destination: Path) -> tuple[Path, dict[str, str]]:
    """Generate the working tree with the defaults into `destination` and `make install` it.

    Skips when there is no Python 3.12 for the project; returns the project and the
    environment to run its commands in.
    """
    interpreter = python_for("3.12")
    if interpreter is None:
        pytest.skip("no Python 3.12 interpreter for the generated project")
    env = {**os.environ, "UV_PYTHON": interpreter, "UV_PYTHON_DOWNLOADS": "never"}
    copier = str(Path(sys.executable).parent / "copier")
    generate = [copier, "copy", "--trust", "--defaults", "--vcs-ref=HEAD"]
    for command, cwd in (
        ([*generate, str(TEMPLATE_ROOT), str(destination)], TEMPLATE_ROOT),
        (["make", "install"], destination),
    ):
        result = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return destination, env
