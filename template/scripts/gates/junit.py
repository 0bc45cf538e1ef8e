"""pytest's JUnit XML report: the counts the gates read, and the skip signal of make targets.

`python -m scripts.gates.junit REPORT --exit-code CODE`, after a pytest run in a make target
(monitoring, e2e): a skipped test fails the target, so a skip never looks like a pass, and its
reasons go to $GATES_SKIP_FILE for `make gates`. A failure beats a skip: with a failed test
the exit code is pytest's and nothing is recorded, so the gate reports FAIL.
"""

from __future__ import annotations

import argparse
import os
import xml.etree.ElementTree as ET
from pathlib import Path

from scripts.gates.core import SKIP_FILE

COUNTS = ("tests", "failures", "errors", "skipped")


def load(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # noqa: S314 - pytest's own report


def counts(root: ET.Element) -> dict[str, int]:
    """tests, failures, errors and skipped, summed over the report's test suites."""
    suites = list(root.iter("testsuite"))
    return {key: sum(int(suite.get(key, 0)) for suite in suites) for key in COUNTS}


def skip_reasons(root: ET.Element, *, marker: str = "") -> list[str]:
    """The skip message of each skipped test case whose name contains `marker`."""
    return [
        skipped.get("message", "") or "skipped without a reason"
        for case in root.iter("testcase")
        if marker in case.get("name", "")
        for skipped in case.findall("skipped")
    ]


def record_skips(reasons: list[str]) -> None:
    """Tell a surrounding `make gates` that this check was skipped, and why."""
    target = os.environ.get(SKIP_FILE)
    if target:
        with Path(target).open("a") as file:
            file.writelines(f"{line}\n" for line in dict.fromkeys(reasons))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fail a pytest run that skipped a test.")
    parser.add_argument("report", type=Path, help="pytest's --junitxml file")
    parser.add_argument("--exit-code", type=int, required=True, help="pytest's exit code")
    args = parser.parse_args(argv)
    if args.exit_code != 0:
        return int(args.exit_code)
    if not args.report.exists():
        print(f"{args.report}: no JUnit report was written")
        return 1
    reasons = skip_reasons(load(args.report))
    if not reasons:
        return 0
    record_skips(reasons)
    print(f"{len(reasons)} skipped: a skipped test fails this target")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
