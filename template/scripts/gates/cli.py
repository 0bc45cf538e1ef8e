"""`make gates` (`python -m scripts.gates`): choose the gates, run them, report, exit 0 or 1."""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Callable
from pathlib import Path

from scripts.gates import (
    core,
    deployment,
    docs,
    lint,
    monitoring,
    performance,
    scorecard,
    security,
    suite,
)
from scripts.gates.core import Gate

GATE_NAMES = (
    "coverage", "tests", "lint", "security", "performance", "docs", "deployment", "monitoring",
)  # fmt: skip


def builders(*, fast: bool) -> dict[str, Callable[[], Gate]]:
    """Every gate but coverage and tests, which one pytest run builds together."""
    return {
        "lint": lint.gate,
        "security": security.gate,
        "performance": functools.partial(performance.gate, fast=fast),
        "docs": docs.gate,
        "deployment": deployment.gate,
        "monitoring": monitoring.gate,
    }


def gates(*, fast: bool, only: set[str]) -> list[Gate]:
    """The selected gates, in the scorecard's order (`only` empty: all of them)."""
    selected = [name for name in GATE_NAMES if not only or name in only]
    built: dict[str, Gate] = {}
    if {"coverage", "tests"} & set(selected):
        built.update(suite.gates())
    others = builders(fast=fast)
    for name in selected:
        if name not in built:
            built[name] = others[name]()
    return [built[name] for name in selected]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.gates", description="Run the quality gates; write gates.json."
    )
    parser.add_argument("--allow-skip", default=os.environ.get("ALLOW_SKIP", ""),
                        help="comma-separated checks whose skip does not fail the run")  # fmt: skip
    parser.add_argument("--fast", action="store_true", help="shorter benchmark runs")
    parser.add_argument(
        "--only", default="", help=f"comma-separated gates to run, of: {', '.join(GATE_NAMES)}"
    )
    parser.add_argument("--output", type=Path, default=core.ROOT / "gates.json")
    args = parser.parse_args(argv)
    allowed = scorecard.parse_names(args.allow_skip)
    only = scorecard.parse_names(args.only)
    unknown = only - set(GATE_NAMES)
    if unknown:
        parser.error(
            f"unknown gate(s) {', '.join(sorted(unknown))}; known: {', '.join(GATE_NAMES)}"
        )
    selected = gates(fast=args.fast, only=only)
    content = scorecard.report(selected, allowed)
    print(scorecard.render(selected))
    scorecard.write(args.output, content)
    print(scorecard.verdict(content["passed"], args.output, allowed))
    return 0 if content["passed"] else 1
