"""Tier 2 (slow): named scenarios, generated with their post-copy task and installed.

The default project is conftest's session-wide `default_project`: whether its lint, tests,
coverage and browser journey pass is read from its one `make gates` run (`default_gates`).
Every other scenario is generated once and must pass `make lint` and `make test` itself;
`every-non-default` first gains an `order` domain by the generated docs' recipe for adding
one, so its lint, tests and docs check also prove the recipe. Every scenario's first commit
names the template version and `make dev` answers /healthz with no other service running.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import SCENARIOS
from .helpers import (
    WITHOUT_FUZZERS,
    Project,
    Scorecard,
    add_order_domain,
    generate,
    make_gates,
    run,
)

pytestmark = pytest.mark.slow

# Each scenario is one xdist group: its tests run on the worker that generated it.
SCENARIO_PARAMS = [
    pytest.param(name, marks=pytest.mark.xdist_group(f"scenario-{name}"), id=name)
    for name in sorted(SCENARIOS)
]
DEFAULT_PARAM = pytest.param(
    "defaults", marks=pytest.mark.xdist_group("default-project"), id="defaults"
)


@pytest.fixture(scope="module")
def scenario(request: pytest.FixtureRequest, copie_session: Any) -> Project:
    if request.param == "defaults":
        project: Project = request.getfixturevalue("default_project")
        return project
    answers = SCENARIOS[request.param]
    project = generate(copie_session, answers)
    if request.param == "every-non-default":
        add_order_domain(project, package=answers["package_name"], command=answers["project_slug"])
    return project


@pytest.mark.parametrize("scenario", [DEFAULT_PARAM, *SCENARIO_PARAMS], indirect=True)
def test_first_commit_names_the_template_version(scenario: Project) -> None:
    version = yaml.safe_load((scenario.path / ".copier-answers.yml").read_text())["_commit"]
    log = scenario.run("git", "log", "--format=%s").output.splitlines()
    assert len(log) == 1
    assert log[0].startswith("Generate ") and log[0].endswith(f" from copier-mvp {version}")
    assert "uv.lock" in scenario.run("git", "ls-files").output


@pytest.mark.parametrize("scenario", SCENARIO_PARAMS, indirect=True)
def test_every_pre_commit_hook_passes(scenario: Project) -> None:
    """`pre-commit run --all-files`: `make lint`'s tools and every other linter of the gate."""
    output = scenario.run("uv", "run", "--no-sync", "pre-commit", "run", "--all-files").output
    assert "Passed" in output and "Failed" not in output, output[-3000:]


@pytest.mark.parametrize("scenario", SCENARIO_PARAMS, indirect=True)
def test_the_docs_security_and_deployment_gates_pass_with_only_allowed_skips(
    scenario: Project,
) -> None:
    """The site builds strictly and docs-check finds no gap (every route, command and event,
    the recipe's new domain included); bandit, checkov and the secret scan find nothing; with
    deployment=none the deployment gate is a skip that fails `make gates` until it is allowed
    by name, and never a pass.
    """
    refused = make_gates(scenario, "ONLY=deployment")
    allowed = make_gates(scenario, "ONLY=docs,security,deployment", "ALLOW_SKIP=deployment,audit")

    assert allowed.result.code == 0, allowed.result.tail()
    assert allowed.gates["docs"]["status"] == "pass"
    security = {check["name"]: check["status"] for check in allowed.gates["security"]["checks"]}
    assert {name: security.get(name) for name in ("bandit", "checkov", "secrets")} == {
        "bandit": "pass",
        "checkov": "pass",
        "secrets": "pass",
    }
    deployment = allowed.checks["deployment"]
    assert (deployment["status"], deployment["reason"][:23]) == ("skip", "not set up: no infra/ (")
    assert refused.result.code != 0
    assert not (scenario.path / "infra").exists()
    assert not (scenario.path / ".github" / "workflows" / "deploy.yml").exists()


@pytest.mark.parametrize("scenario", SCENARIO_PARAMS, indirect=True)
def test_make_test_passes_with_coverage(scenario: Project) -> None:
    output = run("make", "test", cwd=scenario.path, env={**scenario.env, **WITHOUT_FUZZERS}).output
    total = re.search(r"Total coverage: ([0-9.]+)%", output)
    assert total, output[-3000:]
    assert float(total.group(1)) >= 90, "the project as generated must reach 90% coverage"
    assert " failed" not in output.splitlines()[-1]
    if (scenario.path / "tests" / "order").is_dir():  # the domain the recipe added
        # The suite runs on every core (xdist, quiet): ask pytest which of its tests it holds.
        collected = scenario.run("uv", "run", "--no-sync", "pytest", "--collect-only", "-q").output
        assert "tests/order/test_router.py::" in collected, collected[-3000:]
        assert "tests/order/test_service.py::" in collected, collected[-3000:]
    # This machine has PostgreSQL binaries, so the PostgreSQL half must have run, not skipped.
    if _has_postgresql():
        assert "PostgreSQL server binaries not found" not in output
        assert "[postgresql]" not in output or "SKIPPED" not in output


def _has_postgresql() -> bool:
    return bool(shutil.which("initdb") or list(Path("/usr/lib/postgresql").glob("*/bin/initdb")))


@pytest.mark.xdist_group("default-project")
def test_the_default_project_lints_clean(
    default_project: Project, default_gates: Scorecard
) -> None:
    """The lint gate ran every pre-commit hook over every file, one check each, all passing."""
    config = yaml.safe_load((default_project.path / ".pre-commit-config.yaml").read_text())
    hooks = [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]
    assert all(repo["repo"] == "local" for repo in config["repos"])  # offline, locked versions
    lint = default_gates.gates["lint"]
    assert [check["name"] for check in lint["checks"]] == hooks
    assert {"ruff", "ruff-format", "mypy"} <= set(hooks)
    for check in lint["checks"]:
        assert check["status"] == "pass", check


@pytest.mark.xdist_group("default-project")
def test_the_default_project_passes_its_tests_with_coverage(default_gates: Scorecard) -> None:
    """Every test passes, the PostgreSQL half ran, and coverage is at least 90%."""
    checks = default_gates.checks
    assert checks["pytest"]["status"] == "pass", checks["pytest"]
    assert checks["pytest"]["figures"]["tests"] > 100
    assert checks["pytest"]["figures"]["failures"] == checks["pytest"]["figures"]["errors"] == 0
    assert checks["coverage"]["figures"]["percent"] >= 90
    if _has_postgresql():
        assert checks["postgresql"]["status"] == "pass", checks["postgresql"]
        assert checks["postgresql"]["figures"]["tests"] > 0


@pytest.mark.xdist_group("default-project")
def test_the_browser_journey_passes_in_chromium_and_leaves_screenshots(
    default_project: Project, default_gates: Scorecard
) -> None:
    """`make e2e`, as the tests gate runs it, passed in Chromium and kept its screenshots."""
    if not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")):
        pytest.skip("no Chromium on this machine for the browser journey")
    assert default_gates.checks["browser"]["status"] == "pass", default_gates.checks["browser"]
    shots = list((default_project.path / "test-artifacts" / "e2e").rglob("*.png"))
    assert len(shots) >= 10, shots


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("scenario", [DEFAULT_PARAM, *SCENARIO_PARAMS], indirect=True)
def test_make_dev_serves_healthz(scenario: Project) -> None:
    port = _free_port()
    process = subprocess.Popen(
        ["make", "dev", f"PORT={port}"],
        cwd=scenario.path,
        env=scenario.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    body: dict[str, Any] | None = None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=2
                ) as response:
                    body = json.load(response)
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
    finally:
        output = _stop(process)
    assert body == {"status": "ok"}, f"make dev did not serve /healthz:\n{output[-4000:]}"
    assert (scenario.path / "var").is_dir()  # the embedded SQLite database lives in the project
    # The worker runs beside the server, so queued mail is sent (and, in development, logged).
    assert "worker started: draining mail" in output, output[-4000:]


def _stop(process: subprocess.Popen[str]) -> str:
    """Stop `make dev` and the server it started (one process group); return what they printed."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):  # the group has already gone
            os.killpg(process.pid, sig)
        try:
            return process.communicate(timeout=wait)[0]
        except subprocess.TimeoutExpired:
            continue
    return "(no output: the server did not stop)"
