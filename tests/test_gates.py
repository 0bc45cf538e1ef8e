"""Tier 2 (slow): a generated project's `make gates`, and gates broken on purpose.

The scorecard must list all eight gates; a gate whose part of the project is not built yet
must fail as "not set up", never pass; and breaking coverage or a performance limit must turn
exactly that gate red, by name.
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


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return installed_project(tmp_path_factory.mktemp("gates") / "project")


def _gates(project: tuple[Path, dict[str, str]], *args: str) -> tuple[int, str, dict[str, Any]]:
    path, env = project
    result = subprocess.run(
        ["uv", "run", "--no-sync", "python", "scripts/gates.py", *args],
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
    for name in ("coverage", "tests", "lint", "performance"):
        assert gates[name]["status"] == "pass", gates[name]
    assert gates["coverage"]["checks"][0]["figures"]["percent"] >= 90
    security = {check["name"]: check for check in gates["security"]["checks"]}
    assert security["bandit"]["status"] == security["secrets"]["status"] == "pass"
    # Offline, the audit must be a skip with its reason, never a pass.
    assert security["audit"]["status"] in {"skip", "pass"}
    if security["audit"]["status"] == "skip":
        assert "cannot be reached" in security["audit"]["reason"]
    for gate in report["gates"]:
        for check in gate["checks"]:
            if check["status"] == "fail":
                assert check["reason"], f"{gate['name']}.{check['name']} failed without a reason"
    everything_passes = all(
        check["status"] == "pass" or (check["status"] == "skip" and check["name"] == "audit")
        for gate in report["gates"]
        for check in gate["checks"]
    )
    assert report["passed"] is everything_passes
    assert (result.returncode == 0) is everything_passes
    for name in GATES:
        assert name in result.stdout


def test_coverage_under_80_fails_the_coverage_gate(project: tuple[Path, dict[str, str]]) -> None:
    path, _ = project
    dead = path / "src" / "acme_beta" / "unused.py"
    dead.write_text("def unused() -> int:\n" + "    value = 1\n" * 900 + "    return value\n")
    try:
        code, output, report = _gates(project, "--only", "coverage,tests")
    finally:
        dead.unlink()

    assert code == 1
    gates = _by_name(report)
    assert gates["coverage"]["status"] == "fail"
    assert gates["coverage"]["checks"][0]["figures"]["percent"] < 80
    assert gates["tests"]["status"] == "pass"
    assert any(line.startswith("coverage     FAIL") for line in output.splitlines())


def test_an_endpoint_over_its_limit_fails_the_performance_gate(
    project: tuple[Path, dict[str, str]],
) -> None:
    path, _ = project
    thresholds = path / "perf-thresholds.toml"
    original = thresholds.read_text()
    thresholds.write_text(original.replace("p95_ms = 600", "p95_ms = 0.001"))
    try:
        code, output, report = _gates(project, "--only", "performance", "--fast")
    finally:
        thresholds.write_text(original)

    assert code == 1
    checks = {check["name"]: check for check in _by_name(report)["performance"]["checks"]}
    assert checks["items-sqlite"]["status"] == "fail"
    assert "p95" in checks["items-sqlite"]["reason"]
    assert checks["healthz-sqlite"]["status"] == "pass"
    assert "performance  FAIL" in output
