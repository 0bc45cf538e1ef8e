"""`make gates`: run every quality gate, print a scorecard and write gates.json.

Each gate is a list of checks; each check is a command that can fail. A check that cannot
run here (a tool or service is missing) is SKIP with the reason and what to install, never
PASS. A gate is FAIL if any check fails, else SKIP if any check skipped, else PASS.
`make gates` exits 0 only when every gate passes, unless the skipped checks are named in
ALLOW_SKIP (a comma-separated list of check names, e.g. ALLOW_SKIP=audit).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"
COVERAGE_THRESHOLD = 80.0


@dataclass
class Check:
    name: str
    status: str  # pass, fail or skip
    reason: str = ""
    figures: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class Gate:
    name: str
    threshold: str
    checks: list[Check] = field(default_factory=list)

    @property
    def status(self) -> str:
        statuses = {check.status for check in self.checks}
        if "fail" in statuses or not statuses:
            return "fail"
        return "skip" if "skip" in statuses else "pass"


def _environment() -> dict[str, str]:
    """This process's environment without a surrounding pytest's identity.

    Run from inside another test run (an xdist worker), the checks' own pytest would inherit
    PYTEST_XDIST_WORKER, and pytest-benchmark would then refuse to time the ingest benchmark.
    """
    inherited = ("PYTEST_XDIST_", "PYTEST_CURRENT_TEST")
    return {key: value for key, value in os.environ.items() if not key.startswith(inherited)}


def run(command: list[str], *, timeout: float = 1800) -> tuple[int, str]:
    """Run a command from the project root; its exit code and combined output."""
    try:
        result = subprocess.run(  # noqa: S603 - commands are ours
            command, cwd=ROOT, env=_environment(), capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip
    except FileNotFoundError as error:
        return 127, str(error)
    except subprocess.TimeoutExpired:
        return 124, f"timed out after {timeout:.0f} s"
    return result.returncode, result.stdout + result.stderr


def command_check(
    name: str, command: list[str], *, needs: str | None = None, hint: str = ""
) -> Check:
    """PASS when the command exits 0; SKIP when the tool it needs is not installed."""
    if needs is not None and shutil.which(needs) is None:
        return Check(name, "skip", f"{needs} not found; {hint}".rstrip("; "))
    start = time.perf_counter()
    code, output = run(command)
    status = "pass" if code == 0 else "fail"
    reason = "" if code == 0 else _reason(output)
    return Check(name, status, reason, seconds=round(time.perf_counter() - start, 2))


def _reason(output: str) -> str:
    """What a reader needs first: pytest's FAILED and ERROR lines if any, else the output's end."""
    failed = [line for line in output.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    return "\n".join(failed[:12]) if failed else _tail(output)


def _tail(output: str, lines: int = 12) -> str:
    return "\n".join(output.strip().splitlines()[-lines:])


def _uv(*args: str) -> list[str]:
    return ["uv", "run", "--no-sync", *args]


# ------------------------------------------------------------------ tests and coverage
def test_run() -> tuple[Check, Check, Check]:
    """One pytest run feeds three checks: the suite, its PostgreSQL half, and coverage."""
    VAR.mkdir(exist_ok=True)
    junit, coverage = VAR / "junit.xml", VAR / "coverage.json"
    start = time.perf_counter()
    _, output = run(
        _uv("pytest", "-q", "--cov", f"--cov-report=json:{coverage}", f"--junitxml={junit}",
            f"--cov-fail-under={COVERAGE_THRESHOLD}")
    )  # fmt: skip
    seconds = round(time.perf_counter() - start, 2)
    if not junit.exists():
        failed = Check("pytest", "fail", _tail(output), seconds=seconds)
        return (
            failed,
            Check("postgresql", "fail", "the suite did not run"),
            Check("coverage", "fail", "the suite did not run"),
        )
    suite = ET.parse(junit).getroot()  # noqa: S314 - our own file
    counts = {key: sum(int(s.get(key, 0)) for s in suite.iter("testsuite"))
              for key in ("tests", "failures", "errors", "skipped")}  # fmt: skip
    suite_ok = counts["failures"] == 0 and counts["errors"] == 0 and counts["tests"] > 0
    pytest_check = Check(
        "pytest", "pass" if suite_ok else "fail", "" if suite_ok else _reason(output),
        figures=counts, seconds=seconds,
    )  # fmt: skip
    postgres_skips = [
        case.find("skipped")
        for case in suite.iter("testcase")
        if "[postgresql" in case.get("name", "")
    ]
    postgres_ran = sum(
        1 for case in suite.iter("testcase") if "[postgresql" in case.get("name", "")
    )
    skipped = [element for element in postgres_skips if element is not None]
    if postgres_ran == 0 or skipped:
        reason = skipped[0].get("message", "") if skipped else "no PostgreSQL test was collected"
        postgres_check = Check("postgresql", "skip", reason, {"skipped": len(skipped)})
    else:
        postgres_check = Check("postgresql", "pass", figures={"tests": postgres_ran})
    if coverage.exists():
        totals = json.loads(coverage.read_text())["totals"]
        percent = round(float(totals["percent_covered"]), 2)
        figures = {
            "percent": percent,
            "threshold": COVERAGE_THRESHOLD,
            "lines": totals["num_statements"],
            "branches": totals.get("num_branches", 0),
        }
        ok = percent >= COVERAGE_THRESHOLD
        coverage_check = Check(
            "coverage", "pass" if ok else "fail",
            "" if ok else f"{percent}% is under {COVERAGE_THRESHOLD}%", figures,
        )  # fmt: skip
    else:
        coverage_check = Check("coverage", "fail", "no coverage report was written")
    return pytest_check, postgres_check, coverage_check


# ------------------------------------------------------------------ security
def audit_check() -> Check:
    """pip-audit, but only where its vulnerability service really answers.

    Offline or behind a registry mirror pip-audit reports "no known vulnerabilities" for
    everything. A probe asks about a release with published advisories first; when the
    answer lacks them, the check is SKIP, not PASS.
    """
    probe = (
        "import json, urllib.request;"
        "url = 'https://pypi.org/pypi/jinja2/2.4.1/json';"
        "data = json.load(urllib.request.urlopen(url, timeout=10));"
        "raise SystemExit(0 if data.get('vulnerabilities') else 3)"
    )
    code, _ = run([sys.executable, "-c", probe], timeout=30)
    if code != 0:
        return Check(
            "audit", "skip",
            "the PyPI vulnerability service cannot be reached from here; CI runs this check "
            "with network access (pip-audit)",
        )  # fmt: skip
    return command_check("audit", _uv("pip-audit", "--strict", "--progress-spinner", "off"))


@functools.cache
def tracked_files() -> list[str] | None:
    """The files git tracks (asked once per run), or None outside a git repository."""
    code, output = run(["git", "ls-files"])
    return output.splitlines() if code == 0 else None


def secrets_check() -> Check:
    """detect-secrets over the tracked files outside tests/ (whose credentials are fakes).

    A line that must keep a credential-like literal carries `pragma: allowlist secret`, so a
    reviewer sees every exception where it is made.
    """
    tracked = tracked_files()
    if tracked is None:
        return Check("secrets", "skip", "not a git repository: nothing tracked to scan")
    files = [path for path in tracked if not path.endswith(("uv.lock", ".ipynb"))]
    files = [path for path in files if not path.startswith("tests/")]
    code, output = run(_uv("detect-secrets", "scan", *files))
    if code != 0:
        return Check("secrets", "fail", _tail(output))
    findings = {path: hits for path, hits in json.loads(output)["results"].items() if hits}
    if findings:
        return Check("secrets", "fail", f"possible secrets in: {', '.join(sorted(findings))}",
                     {"files": len(findings)})  # fmt: skip
    return Check("secrets", "pass", figures={"files_scanned": len(files)})


# ------------------------------------------------------------------ the gates
GATE_NAMES = (
    "coverage", "tests", "lint", "security", "performance", "docs", "deployment", "monitoring",
)  # fmt: skip


def lint_gate() -> Gate:
    gate = Gate("lint", "no finding from any linter")
    gate.checks += [
        command_check("ruff", _uv("ruff", "check", ".")),
        command_check("ruff-format", _uv("ruff", "format", "--check", ".")),
        command_check("mypy", _uv("mypy")),
        command_check("yamllint", _uv("yamllint", "--strict", ".")),
        _make_target_check("hadolint", "hadolint", "the Dockerfile and infra.mk"),
        shellcheck_check(),
        _make_target_check("terraform-fmt", "infra-fmt", "infra/ and infra.mk"),
        *workflow_checks(),
    ]
    return gate


def shell_scripts() -> list[str]:
    """Tracked shell scripts: `*.sh`, or an executable whose first line names sh or bash."""
    tracked = tracked_files()
    if tracked is None:  # not a git repository: the project's own folders
        return sorted(str(path.relative_to(ROOT)) for path in ROOT.glob("*/*.sh"))
    found = []
    for name in tracked:
        path = ROOT / name
        if name.endswith(".sh"):
            found.append(name)
        elif path.is_file() and path.stat().st_mode & 0o111:
            with path.open("rb") as file:
                if re.match(rb"#!.*\b(ba)?sh\b", file.readline(100)):
                    found.append(name)
    return found


def shellcheck_check() -> Check:
    """shellcheck over every tracked shell script (none tracked is a pass that says so)."""
    scripts = shell_scripts()
    if not scripts:
        return Check("shellcheck", "pass", "no shell script is tracked", {"scripts": 0})
    check = command_check("shellcheck", _uv("shellcheck", "--severity=style", *scripts))
    check.figures["scripts"] = len(scripts)
    return check


def workflow_checks() -> list[Check]:
    """zizmor over .github, and every workflow against GitHub's published JSON schema."""
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    if not workflows:
        return [Check("workflows", "fail", "not set up: .github/workflows is empty")]
    schema = command_check(
        "workflow-schema",
        _uv("check-jsonschema", "--builtin-schema", "vendor.github-workflows",
            *map(str, workflows)),
    )  # fmt: skip
    schema.figures["workflows"] = len(workflows)
    return [command_check("zizmor", _uv("zizmor", "--offline", ".github")), schema]


def security_gate() -> Gate:
    gate = Gate("security", "no finding; the audit only counts where its service answers")
    gate.checks += [
        command_check("bandit", _uv("bandit", "-q", "-r", "src", "-c", "pyproject.toml")),
        _make_target_check("checkov", "checkov", "infra/, .checkov.yaml and infra.mk"),
        secrets_check(),
        audit_check(),
    ]
    return gate


def gates(*, fast: bool, only: set[str]) -> list[Gate]:
    """The selected gates, in the scorecard's order (`only` empty: all of them)."""
    selected = [name for name in GATE_NAMES if not only or name in only]
    built: dict[str, Gate] = {}
    if {"coverage", "tests"} & set(selected):
        tests_gate = Gate("tests", "every test passes, on SQLite and PostgreSQL")
        coverage_gate = Gate("coverage", f"line and branch coverage >= {COVERAGE_THRESHOLD:.0f}%")
        pytest_check, postgres_check, coverage_check = test_run()
        tests_gate.checks += [pytest_check, postgres_check]
        browser = browser_check()
        if browser is not None:
            tests_gate.checks.append(browser)
        coverage_gate.checks.append(coverage_check)
        built.update(coverage=coverage_gate, tests=tests_gate)
    builders: dict[str, Callable[[], Gate]] = {
        "lint": lint_gate,
        "security": security_gate,
        "performance": lambda: performance_gate(fast=fast),
        "docs": docs_gate,
        "deployment": deployment_gate,
        "monitoring": monitoring_gate,
    }
    for name in selected:
        if name not in built:
            built[name] = builders[name]()
    return [built[name] for name in selected]


def _defines_target(target: str) -> bool:
    makefiles = [ROOT / "Makefile", *ROOT.glob("*.mk")]
    return any(
        re.search(rf"^{re.escape(target)}:", path.read_text(), re.MULTILINE)
        for path in makefiles
        if path.exists()
    )


def _make_target_check(name: str, target: str, missing: str) -> Check:
    """A check that runs `make <target>`, or FAIL naming what the project lacks."""
    if not _defines_target(target):
        return Check(name, "fail", f"not set up: {missing}")
    check = command_check(name, ["make", "--no-print-directory", target])
    if check.status == "fail" and "SKIPPED" in check.reason:
        return Check(name, "skip", check.reason)
    return check


def browser_check() -> Check | None:
    """`make e2e`, the journeys through the pages in headless Chromium; None without pages."""
    if not _defines_target("e2e"):
        return None
    if not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")):
        return Check(
            "browser", "skip",
            "no Chromium on PATH; install it (Debian: apt-get install chromium) to run make e2e",
        )  # fmt: skip
    return _make_target_check("browser", "e2e", "the e2e target in the Makefile")


def performance_gate(*, fast: bool) -> Gate:
    gate = Gate("performance", "the limits in perf-thresholds.toml")
    limits = tomllib.loads((ROOT / "perf-thresholds.toml").read_text())
    # Best of two alternating rounds, as `make bench` keeps its best: one round can land on a
    # burst of other work (PostgreSQL's autovacuum after the migrations, another process).
    duration, rounds = ("1", "1") if fast else ("3", "2")
    json_path = VAR / "api-bench.json"
    code, output = run(_uv("python", "bench/api.py", "--duration", duration, "--rounds", rounds,
                           "--json", str(json_path)))  # fmt: skip
    if code != 0 or not json_path.exists():
        gate.checks.append(Check("load", "fail", _tail(output)))
        return gate
    results = json.loads(json_path.read_text())
    for database, targets in results.items():
        for endpoint, figures in targets.items():
            limit = limits.get("endpoint", {}).get(endpoint)
            if limit is None:
                continue
            problems = []
            if figures["errors"] > 0:
                problems.append(f"{figures['errors']} errors")
            if figures["p95_ms"] > limit["p95_ms"]:
                problems.append(f"p95 {figures['p95_ms']} ms > {limit['p95_ms']} ms")
            if figures["rps"] < limit["min_rps"]:
                problems.append(f"{figures['rps']} req/s < {limit['min_rps']}")
            gate.checks.append(Check(
                f"{endpoint}-{database}", "fail" if problems else "pass",
                "; ".join(problems), {"rps": figures["rps"], "p95_ms": figures["p95_ms"]},
            ))  # fmt: skip
    gate.checks += ingest_checks(limits.get("ingest", {}))
    return gate


def ingest_checks(limit: dict[str, float]) -> list[Check]:
    """The analytics ingest benchmark (500-event batches through the API), per database."""
    json_path = VAR / "ingest-bench.json"
    code, output = run(_uv(
        "pytest", "tests/benchmarks/test_ingest.py", "-k", "test_ingest_endpoint", "-q",
        "-p", "no:randomly", "--benchmark-enable", "--benchmark-only",
        f"--benchmark-json={json_path}",
    ))  # fmt: skip
    if code != 0 or not json_path.exists():
        return [Check("ingest", "fail", _tail(output))]
    if "min_events_per_s" not in limit:
        return [Check("ingest", "fail", "perf-thresholds.toml has no [ingest] min_events_per_s")]
    checks = []
    for bench in json.loads(json_path.read_text())["benchmarks"]:
        database = bench["name"].partition("[")[2].rstrip("]") or "-"
        rate = round(bench["extra_info"]["events_per_round"] / bench["stats"]["median"])
        low = rate < limit["min_events_per_s"]
        checks.append(Check(
            f"ingest-{database}", "fail" if low else "pass",
            f"{rate} events/s < {limit['min_events_per_s']}" if low else "",
            {"events_per_s": rate},
        ))  # fmt: skip
    return checks


def _reported_check(name: str, command: list[str], problem: Callable[[str], bool]) -> Check:
    """Like command_check, but a failure's reason is the output lines that name problems."""
    start = time.perf_counter()
    code, output = run(command)
    seconds = round(time.perf_counter() - start, 2)
    problems = [line for line in output.splitlines() if problem(line)]
    if code == 0:
        return Check(name, "pass", figures={"problems": 0}, seconds=seconds)
    return Check(name, "fail", "\n".join(problems[:12]) or _tail(output),
                 {"problems": len(problems)}, seconds)  # fmt: skip


def docs_gate() -> Gate:
    gate = Gate("docs", "the site builds with --strict; docs_check.py finds no gap")
    if not (ROOT / "mkdocs.yml").exists():
        gate.checks.append(Check("mkdocs", "fail", "not set up: mkdocs.yml is missing"))
        return gate
    # MkDocs prints banners before its warnings; docs_check.py prints one gap a line, then
    # its summary: either way the reason starts with the first problem.
    gate.checks.append(_reported_check(
        "mkdocs", _uv("mkdocs", "build", "--strict"),
        lambda line: re.match(r"(WARNING|ERROR)\b", line) is not None,
    ))  # fmt: skip
    if not (ROOT / "scripts" / "docs_check.py").exists():
        gate.checks.append(Check("completeness", "fail", "not set up: scripts/docs_check.py"))
        return gate
    gate.checks.append(_reported_check(
        "completeness", _uv("python", "scripts/docs_check.py"),
        lambda line: ": " in line and not line.startswith("docs-check:"),
    ))  # fmt: skip
    return gate


def deployment_gate() -> Gate:
    gate = Gate("deployment", "the deploy workflow ships every environment; Terraform validates "
                "and its tests pass")  # fmt: skip
    gate.checks += [
        command_check("deploy-flow", _uv("python", "scripts/check_deploy_workflow.py")),
        _make_target_check("tf-validate", "infra-validate", "infra/ and infra.mk"),
        _make_target_check("tf-test", "infra-test", "infra/ and infra.mk"),
    ]
    return gate


def monitoring_gate() -> Gate:
    gate = Gate("monitoring", "alert rules check and test; dashboards valid; runbooks exist")
    gate.checks.append(_make_target_check("promtool", "monitoring", "ops/prometheus rules"))
    return gate


def scorecard(all_gates: list[Gate], allowed: set[str]) -> tuple[str, bool]:
    lines = [f"{'gate':<12} {'status':<6} {'check':<18} {'status':<6} figures / reason"]
    ok = True
    for gate in all_gates:
        for index, check in enumerate(gate.checks):
            label = (gate.name, gate.status.upper()) if index == 0 else ("", "")
            detail = ", ".join(f"{k}={v}" for k, v in check.figures.items())
            if check.reason:
                detail = (detail + "; " if detail else "") + check.reason.splitlines()[0][:100]
            lines.append(
                f"{label[0]:<12} {label[1]:<6} {check.name:<18} {check.status.upper():<6} {detail}"
            )
            if check.status == "fail" or (check.status == "skip" and check.name not in allowed):
                ok = False
        lines.append(f"{'':<12} {'':<6} threshold: {gate.threshold}")
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--allow-skip", default=os.environ.get("ALLOW_SKIP", ""))
    parser.add_argument("--fast", action="store_true", help="shorter benchmark runs")
    parser.add_argument(
        "--only", default="", help=f"comma-separated gates to run, of: {', '.join(GATE_NAMES)}"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "gates.json")
    args = parser.parse_args(argv)
    allowed = {name.strip() for name in args.allow_skip.split(",") if name.strip()}
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = only - set(GATE_NAMES)
    if unknown:
        parser.error(
            f"unknown gate(s) {', '.join(sorted(unknown))}; known: {', '.join(GATE_NAMES)}"
        )
    all_gates = gates(fast=args.fast, only=only)
    text, ok = scorecard(all_gates, allowed)
    print(text)
    report = {
        "passed": ok,
        "allow_skip": sorted(allowed),
        "gates": [
            {
                "name": g.name,
                "status": g.status,
                "threshold": g.threshold,
                "checks": [asdict(c) for c in g.checks],
            }
            for g in all_gates
        ],
    }
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\n{'PASSED' if ok else 'FAILED'}: wrote {args.output.name}"
          + (f" (allowed to skip: {', '.join(sorted(allowed))})" if allowed else ""))  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
