"""The lowest Copier version copier.yml promises really works: copy with tasks, then update."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import COPIER_YML
from .helpers import git, release_commit, run, versioned_template

pytestmark = pytest.mark.slow
MIN_VERSION = COPIER_YML["_min_copier_version"]


def _copier(*args: str, cwd: Path) -> str:
    command = [
        "uv", "tool", "run", "--from", f"copier=={MIN_VERSION}",
        "--with", "copier-template-extensions", "copier", *args,
    ]  # fmt: skip
    result = run(
        *command, cwd=cwd, env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"}, check=False,
        timeout=600,
    )  # fmt: skip
    if result.code != 0 and "No solution found" in result.output:
        pytest.skip(f"copier {MIN_VERSION} cannot be installed here: {result.output[-500:]}")
    assert result.code == 0, result.tail(4000)
    return result.output


def test_copy_and_update_with_the_minimum_copier(tmp_path: Path) -> None:
    """From the previous release to the code under review, as in test_update.py."""
    previous_commit = release_commit("v0.1.0")
    if previous_commit is None:
        pytest.skip("no 'Release v0.1.0' commit in this clone's history (shallow clone?)")
    template = versioned_template(
        tmp_path / "template", previous="v0.1.0", previous_commit=previous_commit, head="v99.0.0"
    )
    project = tmp_path / "project"

    assert MIN_VERSION in _copier("--version", cwd=tmp_path)
    output = _copier(
        "copy", "--trust", "--defaults", "--vcs-ref=v0.1.0", "--data=license=Proprietary",
        str(template), str(project), cwd=tmp_path,
    )  # fmt: skip

    assert "copier-mvp: git init ... done" in output  # the post-copy task ran
    assert (project / "src" / "acme_beta" / "main.py").exists()
    assert len(git(project, "log", "--format=%s").splitlines()) == 1

    _copier(
        "update", "--trust", "--defaults", "--vcs-ref=v99.0.0",
        "--data", "analytics_forwarder=segment", cwd=project,
    )  # fmt: skip
    assert (project / "src" / "acme_beta" / "analytics" / "forwarder.py").exists()
    assert "license: LicenseRef-Proprietary" in (project / ".copier-answers.yml").read_text()
