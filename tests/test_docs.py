"""Tier 2 (slow): a generated project's docs build strictly and pass their completeness check;
removing a route from the API reference, an alert's runbook section or an ADR's index entry
fails the check and the docs gate, naming each gap.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from .helpers import installed_project

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("generated-projects")]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return installed_project(tmp_path_factory.mktemp("docs") / "project")


def _run(project: tuple[Path, dict[str, str]], *command: str) -> tuple[int, str]:
    path, env = project
    result = subprocess.run(
        command, cwd=path, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    return result.returncode, result.stdout + result.stderr


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new))


def test_the_docs_build_strictly_and_are_complete(project: tuple[Path, dict[str, str]]) -> None:
    """`make docs` (mkdocs build --strict) and `make docs-check` pass as generated."""
    code, output = _run(project, "make", "docs")
    assert code == 0, output[-3000:]
    assert not re.search(r"^(WARNING|ERROR)\b", output, re.MULTILINE), output[-3000:]
    code, output = _run(project, "make", "docs-check")
    assert code == 0, output[-3000:]
    assert "docs-check: PASSED" in output


def test_removed_docs_fail_the_check_by_name(project: tuple[Path, dict[str, str]]) -> None:
    """A route, an alert runbook and an ADR index entry removed: each gap is named."""
    path, _ = project
    docs = path / "docs"
    # The API reference generator forgets DELETE routes; the app still serves them.
    _edit(path / "scripts" / "docs_hooks.py", '"patch", "delete")', '"patch")')
    alerts = docs / "runbooks" / "alerts.md"
    text = alerts.read_text()
    start = text.index("## ApiNotReady")
    following = text.find("\n## ", start + 1)
    alerts.write_text(text[:start] + (text[following + 1 :] if following != -1 else ""))
    index = docs / "adr" / "index.md"
    lines = index.read_text().splitlines(keepends=True)
    index.write_text("".join(line for line in lines if "[0004]" not in line))
    try:
        code, output = _run(project, "make", "docs-check")
        gate_code, _ = _run(project, "make", "gates", "ONLY=docs")
        report = json.loads((path / "gates.json").read_text())
    finally:
        _run(project, "git", "checkout", "--", ".")

    assert code != 0
    for gap in (
        "route: reference/api.md: DELETE /api/v1/items/{item_id} is not documented",
        "alert: runbooks/alerts.md: ApiNotReady has no runbook section",
        "adr: adr/index.md: 0004-analytics-through-an-outbox.md is not in the index",
    ):
        assert gap in output, output[-3000:]
    assert gate_code == 1
    (gate,) = report["gates"]
    checks = {check["name"]: check for check in gate["checks"]}
    assert gate["status"] == "fail"
    assert checks["completeness"]["status"] == "fail"
    assert "DELETE /api/v1/items/{item_id}" in checks["completeness"]["reason"]
    assert "ApiNotReady" in checks["completeness"]["reason"]
