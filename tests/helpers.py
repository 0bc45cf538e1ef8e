"""Helpers for update tests: a versioned clone of the template, and git in a project."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .conftest import TEMPLATE_ROOT

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
