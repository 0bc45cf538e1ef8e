"""Tier 2 (slow): a generated project's docs build strictly and pass their completeness check;
removing a route from the API reference, an alert's runbook section or an ADR's index entry
fails the check and the docs gate, naming each gap.
"""

from __future__ import annotations

import pytest

from .helpers import Project, Scorecard, edit, make_gates

pytestmark = pytest.mark.slow


@pytest.mark.xdist_group("default-project")
def test_the_docs_build_strictly_and_are_complete(default_gates: Scorecard) -> None:
    """`mkdocs build --strict` and docs_check.py pass as generated, as the docs gate ran them."""
    docs = default_gates.gates["docs"]
    assert docs["status"] == "pass", docs
    assert {check["name"] for check in docs["checks"]} == {"mkdocs", "completeness"}


@pytest.mark.xdist_group("default-project")
def test_make_docs_check_passes(default_project: Project) -> None:
    """The target a writer runs after each change says so in one line."""
    assert "docs-check: PASSED" in default_project.run("make", "docs-check").output


@pytest.mark.xdist_group("default-project-breaks")
def test_removed_docs_fail_the_check_by_name(default_project: Project) -> None:
    """A route, an alert runbook and an ADR index entry removed: each gap is named."""
    path = default_project.path
    docs = path / "docs"
    try:
        # The API reference generator forgets DELETE routes; the app still serves them.
        edit(path / "scripts" / "docs_hooks.py", '"patch", "delete")', '"patch")')
        alerts = docs / "runbooks" / "alerts.md"
        text = alerts.read_text()
        start = text.index("## ApiNotReady")
        following = text.find("\n## ", start + 1)
        alerts.write_text(text[:start] + (text[following + 1 :] if following != -1 else ""))
        index = docs / "adr" / "index.md"
        lines = index.read_text().splitlines(keepends=True)
        index.write_text("".join(line for line in lines if "[0004]" not in line))
        check = default_project.run("make", "docs-check", check=False)
        scorecard = make_gates(default_project, "ONLY=docs")
    finally:
        default_project.run("git", "checkout", "--", ".")

    assert check.code != 0
    for gap in (
        "route: reference/api.md: DELETE /api/v1/items/{item_id} is not documented",
        "alert: runbooks/alerts.md: ApiNotReady has no runbook section",
        "adr: adr/index.md: 0004-analytics-through-an-outbox.md is not in the index",
    ):
        assert gap in check.output, check.tail()
    assert scorecard.result.code != 0
    (gate,) = scorecard.report["gates"]
    assert gate["status"] == "fail"
    completeness = scorecard.checks["completeness"]
    assert completeness["status"] == "fail"
    assert "DELETE /api/v1/items/{item_id}" in completeness["reason"]
    assert "ApiNotReady" in completeness["reason"]
