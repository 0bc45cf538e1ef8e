"""The coverage and tests gates: one pytest run feeds both, then `make e2e` if there are pages."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from scripts.gates import core, junit
from scripts.gates.core import Check, Gate

COVERAGE_THRESHOLD = 80.0


def gates() -> dict[str, Gate]:
    tests_gate = Gate("tests", "every test passes, on SQLite and PostgreSQL")
    coverage_gate = Gate("coverage", f"line coverage >= {COVERAGE_THRESHOLD:.0f}%")
    # The browser journeys run beside the suite: each has its own server and database.
    with ThreadPoolExecutor(max_workers=1) as pool:
        browser_run = pool.submit(browser_check)
        pytest_check, postgres_check, coverage = test_run()
        browser = browser_run.result()
    tests_gate.checks += [pytest_check, postgres_check]
    if browser is not None:
        tests_gate.checks.append(browser)
    coverage_gate.checks.append(coverage)
    return {"coverage": coverage_gate, "tests": tests_gate}


def test_run() -> tuple[Check, Check, Check]:
    """One pytest run feeds three checks: the suite, its PostgreSQL half, and coverage.

    The suite spreads over every core (pytest-xdist; each worker starts its own PostgreSQL),
    and a worker that runs out of tests takes pending ones from another (`--dist worksteal`)
    instead of idling while the other works through its queue.
    """
    core.VAR.mkdir(exist_ok=True)
    report, coverage = core.VAR / "junit.xml", core.VAR / "coverage.json"
    report.unlink(missing_ok=True)
    coverage.unlink(missing_ok=True)
    result = core.run(
        core.uv("pytest", "-q", "-n", str(core.cores()), "--dist", "worksteal", "--cov",
                f"--cov-report=json:{coverage}", f"--junitxml={report}",
                f"--cov-fail-under={COVERAGE_THRESHOLD}")
    )  # fmt: skip
    core.keep_log("pytest", result.output)
    if not report.exists():
        return (
            Check("pytest", "fail", core.tail(result.output), seconds=result.seconds),
            Check("postgresql", "fail", "the suite did not run"),
            Check("coverage", "fail", "the suite did not run"),
        )
    root = junit.load(report)
    return (
        pytest_check(junit.counts(root), result.output, result.seconds),
        postgres_check(root),
        coverage_check(_totals(coverage)),
    )


def pytest_check(counts: dict[str, int], output: str, seconds: float = 0.0) -> Check:
    """PASS when tests ran and none failed or errored (skips are the postgresql check's)."""
    ok = counts["failures"] == 0 and counts["errors"] == 0 and counts["tests"] > 0
    return Check(
        "pytest", "pass" if ok else "fail", "" if ok else core.reason(output), counts, seconds
    )


def postgres_check(root: ET.Element) -> Check:
    """SKIP when no PostgreSQL-parametrised test ran (no server here), with pytest's reason."""
    marker = "[postgresql"
    collected = sum(1 for case in root.iter("testcase") if marker in case.get("name", ""))
    skipped = junit.skip_reasons(root, marker=marker)
    if collected == 0 or skipped:
        why = skipped[0] if skipped else "no PostgreSQL test was collected"
        return Check("postgresql", "skip", why, {"skipped": len(skipped)})
    return Check("postgresql", "pass", figures={"tests": collected})


def _totals(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    totals: dict[str, Any] = json.loads(path.read_text())["totals"]
    return totals


def coverage_check(totals: dict[str, Any] | None) -> Check:
    """PASS at COVERAGE_THRESHOLD percent or more, from coverage.py's JSON totals."""
    if totals is None:
        return Check("coverage", "fail", "no coverage report was written")
    percent = round(float(totals["percent_covered"]), 2)
    figures = {
        "percent": percent,
        "threshold": COVERAGE_THRESHOLD,
        "lines": totals["num_statements"],
    }
    if percent >= COVERAGE_THRESHOLD:
        return Check("coverage", "pass", figures=figures)
    return Check("coverage", "fail", f"{percent}% is under {COVERAGE_THRESHOLD}%", figures)


def browser_check() -> Check | None:
    """`make e2e`, the journeys through the pages in headless Chromium; None without pages."""
    if not core.defines_target("e2e"):
        return None
    if not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")):
        return Check(
            "browser", "skip",
            "no Chromium on PATH; install it (Debian: apt-get install chromium) to run make e2e",
        )  # fmt: skip
    return core.make_target_check("browser", "e2e", "the e2e target in the Makefile")
