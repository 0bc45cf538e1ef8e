"""bench/copier_overheads.py still reproduces the two Copier costs we reported (tier 1)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from .conftest import TEMPLATE_ROOT

SCRIPT = TEMPLATE_ROOT / "bench" / "copier_overheads.py"
SMALLEST = ["--files", "4", "--depth", "1", "--rounds", "1"]


def run_script(*extra: str) -> str:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *SMALLEST, *extra],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return done.stdout


def test_the_figures_show_one_git_process_per_file_and_two_compiles_per_part() -> None:
    """When a Copier upgrade fixes either cost, this fails: retire that issue text in bench/."""
    result = json.loads(run_script("--json"))
    counts = result["counts"]
    assert result["files_written"] == 4
    assert counts["file_mode_calls"] == result["files_written"]
    assert counts["file_mode_seconds"] > 0
    # Each file's two parts, plus its folder's part, each compiled twice: 4 * 2 * 2 + 4 * 2.
    assert counts["path_part_compiles"] == 24
    assert counts["path_part_compile_seconds"] > 0
    assert set(result["median_seconds"]) == {
        "as released", "core.fileMode read once", "plain path parts not compiled", "both",
    }  # fmt: skip
    assert result["variants_write_identical_trees"], "a patch changed what Copier writes"


def test_the_printed_report_names_both_costs_with_numbers() -> None:
    """The text a reader pastes into the Copier issue carries counts and milliseconds."""
    report = run_script()
    assert re.search(r"core\.fileMode`: 4 in \d+ ms", report), report
    assert re.search(r"Jinja compiles for path parts: 24 in \d+ ms", report), report
    assert re.search(r"both +\d+ ms \( *\d+\) +saves +-?\d+ ms", report), report
    assert "every variant wrote the same tree (paths, modes, contents): yes" in report
