"""Shared fixtures: the template's questions read from copier.yml, and a fast render."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import copier
import pytest
import yaml

TEMPLATE_ROOT = Path(__file__).resolve().parents[1]
COPIER_YML = yaml.safe_load((TEMPLATE_ROOT / "copier.yml").read_text())
QUESTIONS: dict[str, dict[str, Any]] = {
    name: spec for name, spec in COPIER_YML.items() if not name.startswith("_")
}
# The matrix axes: every question that offers choices, with its values.
CHOICES: dict[str, list[str]] = {
    name: list(spec["choices"].values()) if isinstance(spec["choices"], dict) else spec["choices"]
    for name, spec in QUESTIONS.items()
    if "choices" in spec
}
# Every default as copier.yml writes it: derived ones are Jinja expressions, rendered by Copier.
DEFAULTS: dict[str, Any] = {name: spec["default"] for name, spec in QUESTIONS.items()}
# What a user gets by accepting every default: the derived defaults as Copier renders them.
DEFAULT_ANSWERS: dict[str, Any] = {
    **DEFAULTS,
    "project_slug": "acme-beta",
    "package_name": "acme_beta",
    "description": "An invite-only beta of Acme Beta.",
    "author_name": "Acme Beta founders",
    "github_owner": "acme-beta",
    "aws_dr_region": "eu-central-1",
}


def render(destination: Path, **answers: Any) -> Path:
    """Render the working tree with the given answers (defaults for the rest), tasks skipped."""
    copier.run_copy(
        str(TEMPLATE_ROOT),
        str(destination),
        data=answers,
        defaults=True,
        unsafe=True,
        vcs_ref="HEAD",
        skip_tasks=True,
        quiet=True,
    )
    return destination


def python_for(version: str) -> str | None:
    """An interpreter for `version`: pyenv's newest patch release, then one on PATH, else None."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = pyenv_root.glob(f"versions/{version}.*/bin/python{version}")
    newest = max(candidates, key=lambda path: _patch_level(path.parents[1].name), default=None)
    return str(newest) if newest else shutil.which(f"python{version}")


def _patch_level(release: str) -> int:
    """3.12.10 -> 10, so 3.12.10 sorts after 3.12.9; -1 for builds like 3.12-dev."""
    patch = release.split(".")[2] if release.count(".") >= 2 else ""
    return int(patch) if patch.isdigit() else -1


@pytest.fixture
def render_project(tmp_path: Path):
    counter = iter(range(1000))

    def _render(**answers: Any) -> Path:
        return render(tmp_path / f"project{next(counter)}", **answers)

    return _render
