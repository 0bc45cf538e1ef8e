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
    """An interpreter for `version`: pyenv's, then one on PATH; None when neither exists."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    for candidate in sorted(
        pyenv_root.glob(f"versions/{version}.*/bin/python{version}"), reverse=True
    ):
        return str(candidate)
    return shutil.which(f"python{version}")


@pytest.fixture
def render_project(tmp_path: Path):
    counter = iter(range(1000))

    def _render(**answers: Any) -> Path:
        return render(tmp_path / f"project{next(counter)}", **answers)

    return _render
