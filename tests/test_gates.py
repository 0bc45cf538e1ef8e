"""Tier 2 (slow): a generated project's `make gates`, and gates broken on purpose.

A default project must pass all eight gates offline, with every check run but the dependency
audit (whose service is out of reach here); and breaking coverage, an endpoint's speed or an
alert's unit test must turn exactly that gate red, by name.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .helpers import installed_project

# Slow modules share one xdist group: they run one after another, so the load benchmarks in
# the generated projects never compete with another generated project for the two cores.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("generated-projects")]
GATES = ["coverage", "tests", "lint", "security", "performance", "docs", "deployment", "monitoring"]
# The checks a default project runs, at least (a gate may add more).
EXPECTED_CHECKS = [
    "coverage", "pytest", "postgresql",
    "ruff", "ruff-format", "mypy", "yamllint", "hadolint", "shellcheck", "terraform-fmt",
    "zizmor", "workflow-schema",
    "bandit", "checkov", "secrets", "audit",
    "healthz-sqlite", "items-sqlite", "ingest-sqlite",
    "healthz-postgresql", "items-postgresql", "ingest-postgresql",
    "mkdocs", "completeness",
    "deploy-flow", "tf-validate", "tf-test",
    "promtool",
]  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return installed_project(tmp_path_factory.mktemp("gates") / "project")


def _gates(project: tuple[Path, dict[str, str]], *args: str) -> tuple[int, str, dict[str, Any]]:
    """`make gates` with variables (ONLY=..., FAST=1): its exit code, output and gates.json."""
    path, env = project
    result = subprocess.run(
        ["make", "gates", *args],
        cwd=path, env=env, capture_output=True, text=True, timeout=1800, check=False,
    )  # fmt: skip
    report = json.loads((path / "gates.json").read_text())
    return result.returncode, result.stdout + result.stderr, report


def _by_name(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {gate["name"]: gate for gate in report["gates"]}


def test_the_scorecard_lists_every_gate_honestly(project: tuple[Path, dict[str, str]]) -> None:
    path, env = project
    result = subprocess.run(
        ["make", "gates", "ALLOW_SKIP=audit"], cwd=path, env=env, capture_output=True, text=True,
        timeout=1800, check=False,
    )  # fmt: skip
    report = json.loads((path / "gates.json").read_text())
    gates = _by_name(report)

    assert [gate["name"] for gate in report["gates"]] == GATES
    checks = {check["name"]: check for gate in report["gates"] for check in gate["checks"]}
    # Every check runs here, offline; only the audit may skip, and only with its reason.
    not_passed = {
        name: check
        for name, check in checks.items()
        if check["status"] != "pass" and name != "audit"
    }
    assert not not_passed, not_passed
    assert result.returncode == 0 and report["passed"] is True, result.stdout[-4000:]
    assert checks["audit"]["status"] in {"skip", "pass"}
    if checks["audit"]["status"] == "skip":
        assert "cannot be reached" in checks["audit"]["reason"]
    assert set(EXPECTED_CHECKS) <= set(checks), sorted(set(EXPECTED_CHECKS) - set(checks))
    assert gates["coverage"]["checks"][0]["figures"]["percent"] >= 90
    assert checks["postgresql"]["figures"]["tests"] > 0
    assert checks["ingest-sqlite"]["figures"]["events_per_s"] > 0
    for name in GATES:
        assert name in result.stdout


def test_coverage_under_80_fails_the_coverage_gate(project: tuple[Path, dict[str, str]]) -> None:
    path, _ = project
    dead = path / "src" / "acme_beta" / "unused.py"
    dead.write_text("def unused() -> int:\n" + "    value = 1\n" * 900 + "    return value\n")
    try:
        code, output, report = _gates(project, "ONLY=coverage,tests")
    finally:
        dead.unlink()

    assert code == 1
    gates = _by_name(report)
    assert gates["coverage"]["status"] == "fail"
    assert gates["coverage"]["checks"][0]["figures"]["percent"] < 80
    assert gates["tests"]["status"] == "pass"
    assert any(line.startswith("coverage     FAIL") for line in output.splitlines())


def test_a_slow_endpoint_fails_the_performance_gate(project: tuple[Path, dict[str, str]]) -> None:
    """An item list that takes 0.7 s per request breaks its p95 and throughput limits."""
    path, _ = project
    router = path / "src" / "acme_beta" / "item" / "router.py"
    original = router.read_text()
    docstring = '    """The current user\'s items, newest first."""\n'
    assert original.count(docstring) == 1
    router.write_text(
        original.replace(docstring, docstring + '    __import__("time").sleep(0.7)\n')
    )
    try:
        code, output, report = _gates(project, "ONLY=performance", "FAST=1")
    finally:
        router.write_text(original)

    assert code == 1
    checks = {check["name"]: check for check in _by_name(report)["performance"]["checks"]}
    assert checks["items-sqlite"]["status"] == "fail"
    assert "p95" in checks["items-sqlite"]["reason"]
    assert checks["healthz-sqlite"]["status"] == "pass"
    assert "performance  FAIL" in output


def test_a_failing_alert_test_fails_the_monitoring_gate(
    project: tuple[Path, dict[str, str]],
) -> None:
    """With the 5xx series of the firing test at zero, its alerts never fire: monitoring fails."""
    path, _ = project
    alert_tests = path / "ops" / "prometheus" / "tests" / "api.yml"
    original = alert_tests.read_text()
    failing = 'status="500"}\'\n        values: "0+10x420"'
    assert original.count(failing) == 1
    alert_tests.write_text(original.replace(failing, failing.replace("0+10x420", "0+0x420")))
    try:
        code, output, report = _gates(project, "ONLY=monitoring")
    finally:
        alert_tests.write_text(original)

    assert code == 1
    monitoring = _by_name(report)["monitoring"]
    assert monitoring["status"] == "fail"
    assert "test_rule_unit_tests_pass" in monitoring["checks"][0]["reason"]
    assert "monitoring   FAIL" in output
