"""The scorecard's logic: gate status, ALLOW_SKIP, gates.json, the exit code and --only."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from scripts.gates import cli, scorecard, suite
from scripts.gates.core import Check, Gate


def _gate(name: str, *statuses: str) -> Gate:
    return Gate(name, "a threshold", [Check(f"{name}-{i}", s) for i, s in enumerate(statuses)])


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (("pass", "pass"), "pass"),
        (("pass", "skip"), "skip"),
        (("skip", "fail", "pass"), "fail"),
        ((), "fail"),
    ],
    ids=["all-pass", "skip-beats-pass", "fail-beats-skip", "no-check-fails"],
)
def test_gate_status_from_its_checks(statuses: tuple[str, ...], expected: str) -> None:
    """Fail beats skip beats pass; a gate with no checks fails."""
    assert _gate("lint", *statuses).status == expected


@pytest.mark.parametrize(
    ("allowed", "expected"),
    [(set(), False), ({"audit"}, True), ({"audit", "ruff"}, True), ({"ruff"}, False)],
    ids=["not-allowed", "allowed", "extra-name-changes-nothing", "other-name-allowed"],
)
def test_a_skip_passes_only_when_allowed(allowed: set[str], expected: bool) -> None:
    """A skipped check fails the run unless ALLOW_SKIP names it; other names change nothing."""
    gates = [Gate("security", "t", [Check("ruff", "pass"), Check("audit", "skip", "offline")])]
    assert scorecard.passed(gates, allowed) is expected


def test_a_failure_is_never_allowed() -> None:
    """ALLOW_SKIP names skips only: a failed check with that name still fails the run."""
    assert not scorecard.passed([_gate("lint", "fail")], {"lint-0"})


def test_the_scorecard_lines() -> None:
    """Gate and status on a gate's first line, figures then the reason's first line, threshold."""
    gate = Gate("coverage", "line coverage >= 80%", [
        Check("coverage", "fail", "79.5% is under 80.0%\nmore", {"percent": 79.5}),
    ])  # fmt: skip
    text = scorecard.render([gate])
    assert text.splitlines()[1:] == [
        "coverage     FAIL   coverage           FAIL   percent=79.5; 79.5% is under 80.0%",
        "                    threshold: line coverage >= 80%",
    ]


def test_the_report_schema() -> None:
    """gates.json: passed, allow_skip, and each gate's checks with status, reason, figures."""
    gate = Gate("docs", "builds", [Check("mkdocs", "skip", "no mkdocs", {"problems": 0}, 1.5)])
    assert scorecard.report([gate], {"mkdocs"}) == {
        "passed": True,
        "allow_skip": ["mkdocs"],
        "gates": [{
            "name": "docs", "status": "skip", "threshold": "builds",
            "checks": [{
                "name": "mkdocs", "status": "skip", "reason": "no mkdocs",
                "figures": {"problems": 0}, "seconds": 1.5,
            }],
        }],
    }  # fmt: skip


@pytest.fixture
def fake_gates(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every gate built from canned checks (audit skips); returns the names built, in order."""
    built: list[str] = []

    def fake(name: str, status: str = "pass") -> Gate:
        built.append(name)
        return Gate(name, "t", [Check("audit" if name == "security" else name, status)])

    def builders(*, fast: bool, load: object) -> dict[str, Callable[[], Gate]]:
        names = ("lint", "security", "docs", "deployment", "monitoring")
        gates = {name: functools.partial(fake, name, "skip" if name == "security" else "pass")
                 for name in names}  # fmt: skip

        def performance() -> Gate:
            built.append("performance")
            return Gate("performance", "t", [Check("load", "skip" if fast else "pass")])

        return {**gates, "performance": performance}

    monkeypatch.setattr(cli, "builders", builders)
    monkeypatch.setattr(suite, "gates", lambda: {n: fake(n) for n in ("coverage", "tests")})
    monkeypatch.delenv("ALLOW_SKIP", raising=False)
    return built


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([], 1),
        (["--allow-skip", "audit"], 0),
        (["--allow-skip", "mypy"], 1),
        (["--only", "lint,docs"], 0),
    ],
    ids=["skip-not-allowed", "skip-allowed", "other-name-allowed", "only-passing-gates"],
)
def test_main_exit_code_and_gates_json(
    fake_gates: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    args: list[str], code: int,
) -> None:  # fmt: skip
    """The exit code (0 only if passed) matches gates.json and the verdict line."""
    output = tmp_path / "gates.json"
    assert cli.main([*args, "--output", str(output)]) == code
    passed = code == 0
    assert json.loads(output.read_text())["passed"] is passed
    assert f"{'PASSED' if passed else 'FAILED'}: wrote gates.json" in capsys.readouterr().out


def test_allow_skip_from_the_environment(
    fake_gates: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ALLOW_SKIP in the environment counts like --allow-skip."""
    monkeypatch.setenv("ALLOW_SKIP", " audit , ")
    assert cli.main(["--output", str(tmp_path / "gates.json")]) == 0


def test_only_runs_the_named_gates_in_scorecard_order(
    fake_gates: list[str], tmp_path: Path
) -> None:
    """--only builds just those gates, reported in the scorecard's order, not the argument's."""
    output = tmp_path / "gates.json"
    cli.main(["--only", "monitoring,tests", "--output", str(output)])
    names = [gate["name"] for gate in json.loads(output.read_text())["gates"]]
    assert names == ["tests", "monitoring"]
    # One pytest run builds both coverage and tests; the gates run side by side.
    assert sorted(fake_gates) == ["coverage", "monitoring", "tests"]


def test_all_gates_without_only(fake_gates: list[str], tmp_path: Path) -> None:
    """No --only: all eight gates, in order."""
    output = tmp_path / "gates.json"
    cli.main(["--output", str(output)])
    assert [gate["name"] for gate in json.loads(output.read_text())["gates"]] == list(
        cli.GATE_NAMES
    )
    assert fake_gates[-1] == "performance"  # the load runs start once the rest has finished


def test_fast_allows_the_skipped_load_runs_and_says_so(
    fake_gates: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--fast (FAST=1) passes with the load runs skipped, and the verdict names the skip."""
    output = tmp_path / "gates.json"
    assert cli.main(["--fast", "--only", "performance", "--output", str(output)]) == 0
    report = json.loads(output.read_text())
    assert report["gates"][0]["checks"][0]["status"] == "skip"
    assert report["allow_skip"] == ["load"]
    assert "PASSED: wrote gates.json (allowed to skip: load)" in capsys.readouterr().out


def test_an_unknown_gate_is_refused(
    fake_gates: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt --only name stops the run and lists the known gates."""
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--only", "lnt"])
    assert stopped.value.code == 2
    assert "unknown gate(s) lnt; known: coverage" in capsys.readouterr().err
    assert fake_gates == []
