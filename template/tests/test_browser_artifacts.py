"""A failed browser test leaves what it takes to see why: its Playwright trace and a screenshot,
where CI picks them up (pyproject.toml's addopts; docs/testing.md)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .browser import CHROMIUM, NO_CHROMIUM

# Plugins the run below does not use and that take seconds to import (hypothesis above all).
SPARED_PLUGINS = ["-p", "no:schemathesis", "-p", "no:hypothesispytest", "-p", "no:locust"]


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_a_failed_browser_test_leaves_a_trace_and_a_screenshot(
    project_root: Path, tmp_path: Path
) -> None:
    output = tmp_path / "playwright"
    command = [sys.executable, "-m", "pytest", "tests/browser_failure_demo.py", "-q",
               f"--output={output}", *SPARED_PLUGINS]  # fmt: skip
    result = subprocess.run(  # noqa: S603 - our own test, in a pytest of its own
        command, cwd=project_root, env={**os.environ, "PYTEST_ADDOPTS": ""},  # only this test
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    assert result.returncode == 1, result.stdout + result.stderr  # 1: the test failed
    [folder] = output.iterdir()  # one folder per failed test, named after it
    assert "test-the-health-page-answers-what-it-never-does" in folder.name
    with zipfile.ZipFile(folder / "trace.zip") as trace:
        assert "/healthz" in trace.read("trace.trace").decode()  # the failed test's own steps
    assert (folder / "test-failed-1.png").read_bytes().startswith(b"\x89PNG")
