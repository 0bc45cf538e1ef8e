"""Tier 2 (slow): generate named scenarios with their tasks, then run the project's own gates.

Each scenario is generated once, with the post-copy task, installed with uv, and must pass
`make lint` and `make test` (coverage gate included); `make dev` must answer /healthz with no
other service running.
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
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import DEFAULTS, TEMPLATE_ROOT, python_for

# Slow modules share one xdist group: they run one after another, so the load benchmarks in
# the generated projects never compete with another generated project for the two cores.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("generated-projects")]

SCENARIOS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "every-non-default": {
        "project_name": "Zeta Ops",
        "description": (
            "Operations tooling for teams that run many services and want a single place to "
            "see them, with a description long enough to wrap in docstrings and help texts."
        ),
        "author_name": "Zeta Labs Ltd",
        "author_email": "hello@zeta.example",
        "github_owner": "zeta-labs",
        "license": "LicenseRef-Proprietary",
        "python_version": "3.13",
        "aws_region": "us-east-2",
        "analytics_forwarder": "posthog",
    },
    "segment": {"analytics_forwarder": "segment", "python_version": "3.11"},
    "no-frontend": {"frontend": "none"},
}
COMMAND_TIMEOUT = 900
Scenario = tuple[Path, dict[str, str], dict[str, Any]]


def _environment(python_version: str) -> dict[str, str]:
    interpreter = python_for(python_version)
    if interpreter is None:
        pytest.skip(f"no Python {python_version} interpreter on this machine for the scenario")
    return {**os.environ, "UV_PYTHON": interpreter, "UV_PYTHON_DOWNLOADS": "never"}


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    try:
        result = subprocess.run(
            command,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        partial = "".join(_text(stream) for stream in (expired.stdout, expired.stderr))
        pytest.fail(f"`{' '.join(command)}` ran over {COMMAND_TIMEOUT} s:\n{partial[-8000:]}")
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"`{' '.join(command)}` failed in {cwd}:\n{output[-8000:]}"
    return output


def _text(stream: str | bytes | None) -> str:
    return stream.decode(errors="replace") if isinstance(stream, bytes) else stream or ""


@pytest.fixture(scope="module", params=sorted(SCENARIOS))
def scenario(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    answers = SCENARIOS[request.param]
    env = _environment(answers.get("python_version", DEFAULTS["python_version"]))
    destination = tmp_path_factory.mktemp(request.param) / "project"
    command = [
        str(Path(sys.executable).parent / "copier"), "copy", "--trust", "--defaults",
        "--vcs-ref=HEAD", *[f"--data={key}={value}" for key, value in answers.items()],
        str(TEMPLATE_ROOT), str(destination),
    ]  # fmt: skip
    _run(command, TEMPLATE_ROOT, env)
    _run(["make", "install"], destination, env)
    return destination, env, answers


def test_first_commit_names_the_template_version(scenario: Scenario) -> None:
    project, env, _ = scenario
    version = yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"]
    log = _run(["git", "log", "--format=%s"], project, env).splitlines()
    assert len(log) == 1
    assert log[0].startswith("Generate ") and log[0].endswith(f" from copier-mvp {version}")
    assert "uv.lock" in _run(["git", "ls-files"], project, env)


def test_make_lint_passes(scenario: Scenario) -> None:
    project, env, _ = scenario
    _run(["make", "lint"], project, env)


def test_make_test_passes_with_coverage(scenario: Scenario) -> None:
    project, env, _ = scenario
    output = _run(["make", "test"], project, env)
    total = re.search(r"Total coverage: ([0-9.]+)%", output)
    assert total, output[-3000:]
    assert float(total.group(1)) >= 90, "the project as generated must reach 90% coverage"
    assert " failed" not in output.splitlines()[-1]
    # This machine has PostgreSQL binaries, so the PostgreSQL half must have run, not skipped.
    if shutil.which("initdb") or list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        assert "PostgreSQL server binaries not found" not in output
        assert "[postgresql]" not in output or "SKIPPED" not in output


@pytest.mark.parametrize("scenario", ["defaults"], indirect=True)
def test_make_e2e_passes_in_chromium_and_leaves_screenshots(scenario: Scenario) -> None:
    """The default front end's browser journey, as `make e2e` runs it (needs Chromium)."""
    project, env, _ = scenario
    if not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")):
        pytest.skip("no Chromium on this machine for the browser journey")
    output = _run(["make", "e2e"], project, env)
    assert re.search(r"\b[1-9]\d* passed", output), output[-3000:]
    assert "skipped" not in output.splitlines()[-1]
    shots = list((project / "test-artifacts" / "e2e").rglob("*.png"))
    assert len(shots) >= 10, shots


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_make_dev_serves_healthz(scenario: Scenario) -> None:
    project, env, _ = scenario
    port = _free_port()
    process = subprocess.Popen(
        ["make", "dev", f"PORT={port}"],
        cwd=project,
        env=env,
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
    assert (project / "var").is_dir()  # the embedded SQLite database lives in the project


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
