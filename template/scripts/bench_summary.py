"""Print a pytest-benchmark JSON file as rates and ratios.

Usage: python scripts/bench_summary.py var/benchmark.json
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any


def rates(report: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Per database, each benchmark's events (or calls) per second, from its median round.

    The performance gate (scripts/gates/performance.py) reads its ingest ratio from these too.
    """
    found: dict[str, dict[str, float]] = defaultdict(dict)
    for bench in report["benchmarks"]:
        match = re.fullmatch(r"(test_\w+)\[(\w+)\]", bench["name"])
        name, database = (match.group(1), match.group(2)) if match else (bench["name"], "-")
        per_round = bench.get("extra_info", {}).get("events_per_round", 1)
        found[database][name] = per_round / bench["stats"]["median"]
    return dict(found)


def main(path: str) -> int:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for database, by_name in sorted(rates(data).items()):
        print(f"{database}:")
        for name, rate in sorted(by_name.items()):
            print(f"  {name:<28} {rate:>10,.0f} events/s")
        if {"test_ingest_endpoint", "test_direct_bulk_insert"} <= by_name.keys():
            ratio = by_name["test_ingest_endpoint"] / by_name["test_direct_bulk_insert"]
            print(f"  ingest / direct ratio        {ratio:>10.2f}  (aim: >= 0.50)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
