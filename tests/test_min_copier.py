"""The lowest Copier version copier.yml promises really works: copy with tasks, then update."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .conftest import COPIER_YML
from .helpers import git, release_commit, versioned_template

# Slow modules share one xdist group: they run one after another, so the load benchmarks in
# the generated projects never compete with another generated project for the two cores.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("generated-projects")]
MIN_VERSION = COPIER_YML["_min_copier_version"]


def _copier(*args: str, cwd: Path) -> str:
    command = [
        "uv", "tool", "run", "--from", f"copier=={MIN_VERSION}",
        "--with", "copier-template-extensions", "copier", *args,
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
    )  # fmt: skip
    output = result.stdout + result.stderr
    if result.returncode != 0 and "No solution found" in output:
        pytest.skip(f"copier {MIN_VERSION} cannot be installed here: {output[-500:]}")
    assert result.returncode == 0, output[-4000:]
    return output


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
