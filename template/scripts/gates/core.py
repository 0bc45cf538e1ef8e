"""What every gate is made of: checks, the one place that shells out, and the skip signal.

A check that cannot run here reports it structurally, never through its wording: it writes
one line per reason to the file named by $GATES_SKIP_FILE, which `run` creates afresh for
every command (the Makefile's `skipped` macro in infra.mk and `python -m scripts.gates.junit`
do this), and then exits non-zero, so that run alone it never looks like a pass either.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var"
# Each command check's whole output, for the reader of a red gate (the scorecard shows a tail).
LOGS = VAR / "gates"
SKIP_FILE = "GATES_SKIP_FILE"


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
        """FAIL if any check fails or there is none, else SKIP if any skipped, else PASS."""
        statuses = {check.status for check in self.checks}
        if "fail" in statuses or not statuses:
            return "fail"
        return "skip" if "skip" in statuses else "pass"


@dataclass(frozen=True)
class Result:
    """A finished command: its exit code, combined output, and the skips it recorded."""

    code: int
    output: str
    skipped: tuple[str, ...] = ()
    seconds: float = 0.0


def _environment() -> dict[str, str]:
    """This process's environment without a surrounding pytest's identity.

    Run from inside another test run (an xdist worker), the checks' own pytest would inherit
    PYTEST_XDIST_WORKER, and pytest-benchmark would then refuse to time the ingest benchmark.
    """
    inherited = ("PYTEST_XDIST_", "PYTEST_CURRENT_TEST", SKIP_FILE)
    return {key: value for key, value in os.environ.items() if not key.startswith(inherited)}


def run(command: list[str], *, timeout: float = 1800) -> Result:
    """Run a command from the project root, with a fresh $GATES_SKIP_FILE of its own."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gates-") as folder:
        skip_file = Path(folder) / "skipped"
        try:
            result = subprocess.run(  # noqa: S603 - commands are ours
                command, cwd=ROOT, env={**_environment(), SKIP_FILE: str(skip_file)},
                capture_output=True, text=True, timeout=timeout, check=False,
            )  # fmt: skip
        except FileNotFoundError as error:
            return Result(127, str(error))
        except subprocess.TimeoutExpired:
            return Result(124, f"timed out after {timeout:.0f} s")
        skipped = skip_file.read_text().splitlines() if skip_file.exists() else []
    return Result(
        result.returncode,
        result.stdout + result.stderr,
        tuple(line for line in skipped if line.strip()),
        round(time.perf_counter() - start, 2),
    )


def command_check(
    name: str, command: list[str], *, needs: str | None = None, hint: str = ""
) -> Check:
    """PASS when the command exits 0; SKIP when its tool is missing or it recorded a skip."""
    if needs is not None and shutil.which(needs) is None:
        return Check(name, "skip", f"{needs} not found; {hint}".rstrip("; "))
    result = run(command)
    keep_log(name, result.output)
    if result.skipped:
        return Check(name, "skip", "\n".join(result.skipped), seconds=result.seconds)
    if result.code != 0:
        return Check(name, "fail", reason(result.output), seconds=result.seconds)
    return Check(name, "pass", seconds=result.seconds)


def keep_log(name: str, output: str) -> None:
    LOGS.mkdir(parents=True, exist_ok=True)
    (LOGS / f"{name}.log").write_text(output, encoding="utf-8")


def reason(output: str) -> str:
    """What a reader needs first: pytest's FAILED and ERROR lines if any, else the output's end."""
    failed = [line for line in output.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    return "\n".join(failed[:12]) if failed else tail(output)


def tail(output: str, lines: int = 12) -> str:
    return "\n".join(output.strip().splitlines()[-lines:])


def uv(*args: str) -> list[str]:
    return ["uv", "run", "--no-sync", *args]


@functools.cache
def tracked_files() -> list[str] | None:
    """The files git tracks (asked once per run), or None outside a git repository."""
    result = run(["git", "ls-files"])
    return result.output.splitlines() if result.code == 0 else None


def defines_target(target: str) -> bool:
    makefiles = [ROOT / "Makefile", *ROOT.glob("*.mk")]
    return any(
        re.search(rf"^{re.escape(target)}:", path.read_text(), re.MULTILINE)
        for path in makefiles
        if path.exists()
    )


def make_target_check(name: str, target: str, missing: str, *, jobs: int = 1) -> Check:
    """A check that runs `make <target>` (its prerequisites `jobs` at a time, output kept in
    order), or FAIL naming what the project lacks."""
    if not defines_target(target):
        return Check(name, "fail", f"not set up: {missing}")
    parallel = [f"-j{jobs}", "--output-sync=target"] if jobs > 1 else []
    return command_check(name, ["make", "--no-print-directory", *parallel, target])


def cores() -> int:
    """The cores this process may use (a container's CPU set, not the host's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def together(*checks: Callable[[], Check | list[Check]]) -> list[Check]:
    """Run independent checks at the same time; their results in the order given.

    Each check waits on its own command, so threads are enough: the commands share the cores.
    """
    with ThreadPoolExecutor(max_workers=len(checks)) as pool:
        results = [pool.submit(check) for check in checks]
    flat: list[Check] = []
    for future in results:
        result = future.result()
        flat += result if isinstance(result, list) else [result]
    return flat
