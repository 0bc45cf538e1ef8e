"""`make gates` (`python -m scripts.gates`): choose the gates, run them, report, exit 0 or 1."""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
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


# The seconds of each load run and the rounds of them (the best round counts).
LOAD: tuple[float, int] = (2.0, 2)


def builders(*, fast: bool, load: tuple[float, int] = LOAD) -> dict[str, Callable[[], Gate]]:
    """Every gate but coverage and tests, which one pytest run builds together.

    `load`: the seconds of each load run and the rounds of them (the best round counts).
    """
    seconds, rounds = load
    return {
        "lint": lint.gate,
        "security": security.gate,
        "performance": functools.partial(
            performance.gate, fast=fast, seconds=seconds, rounds=rounds
        ),
        "docs": docs.gate,
        "deployment": deployment.gate,
        "monitoring": monitoring.gate,
    }


# The load runs measure the machine, so they run alone, after every other gate has finished.
ALONE = ("performance",)


def gates(*, fast: bool, only: set[str], load: tuple[float, int] = LOAD) -> list[Gate]:
    """The selected gates, in the scorecard's order (`only` empty: all of them).

    Every gate but the performance gate runs at the same time as the others, each in a thread
    that waits on its commands: the test suite (itself on every core), Terraform's modules
    (`make -j`), mypy, checkov and the docs build overlap instead of queueing.
    """
    selected = [name for name in GATE_NAMES if not only or name in only]
    others = builders(fast=fast, load=load)
    side_by_side = [name for name in selected if name not in ALONE and name in others]
    built: dict[str, Gate] = {}
    with ThreadPoolExecutor(max_workers=len(side_by_side) + 1) as pool:
        suite_run: Future[dict[str, Gate]] | None = None
        if {"coverage", "tests"} & set(selected):
            suite_run = pool.submit(suite.gates)
        running = {name: pool.submit(others[name]) for name in side_by_side}
        if suite_run is not None:
            built.update(suite_run.result())
        built.update({name: future.result() for name, future in running.items()})
    for name in selected:
        if name in ALONE:
            built[name] = others[name]()
    return [built[name] for name in selected]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.gates", description="Run the quality gates; write gates.json."
    )
    parser.add_argument("--allow-skip", default=os.environ.get("ALLOW_SKIP", ""),
                        help="comma-separated checks whose skip does not fail the run")  # fmt: skip
    parser.add_argument("--fast", action="store_true",
                        help="skip the load runs (the performance gate), and say so")  # fmt: skip
    parser.add_argument("--load-seconds", type=float, default=LOAD[0],
                        help="seconds of each load run of the performance gate")  # fmt: skip
    parser.add_argument("--load-rounds", type=int, default=LOAD[1],
                        help="load rounds per endpoint; the best one counts")  # fmt: skip
    parser.add_argument(
        "--only", default="", help=f"comma-separated gates to run, of: {', '.join(GATE_NAMES)}"
    )
    parser.add_argument("--output", type=Path, default=core.ROOT / "gates.json")
    args = parser.parse_args(argv)
    allowed = scorecard.parse_names(args.allow_skip)
    if args.fast:  # a pre-push run: the skipped load runs do not fail it, and the verdict says so
        allowed.add(performance.LOAD_CHECK)
    only = scorecard.parse_names(args.only)
    unknown = only - set(GATE_NAMES)
    if unknown:
        parser.error(
            f"unknown gate(s) {', '.join(sorted(unknown))}; known: {', '.join(GATE_NAMES)}"
        )
    selected = gates(fast=args.fast, only=only, load=(args.load_seconds, args.load_rounds))
    content = scorecard.report(selected, allowed)
    print(scorecard.render(selected))
    scorecard.write(args.output, content)
    print(scorecard.verdict(content["passed"], args.output, allowed))
    return 0 if content["passed"] else 1
