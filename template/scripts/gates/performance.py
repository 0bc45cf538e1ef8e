"""The performance gate: bench/api.py and the ingest benchmark against perf-thresholds.toml."""

from __future__ import annotations

import json
import tomllib
from typing import Any

from scripts.gates import core
from scripts.gates.core import Check, Gate


def gate(*, fast: bool) -> Gate:
    performance = Gate("performance", "the limits in perf-thresholds.toml")
    limits = tomllib.loads((core.ROOT / "perf-thresholds.toml").read_text())
    # Best of two alternating rounds, as `make bench` keeps its best: one round can land on a
    # burst of other work (PostgreSQL's autovacuum after the migrations, another process).
    duration, rounds = ("1", "1") if fast else ("3", "2")
    json_path = core.VAR / "api-bench.json"
    result = core.run(core.uv("python", "bench/api.py", "--duration", duration,
                              "--rounds", rounds, "--json", str(json_path)))  # fmt: skip
    if result.code != 0 or not json_path.exists():
        performance.checks.append(Check("load", "fail", core.tail(result.output)))
        return performance
    performance.checks += endpoint_checks(json.loads(json_path.read_text()), limits)
    performance.checks += ingest_checks(limits.get("ingest", {}))
    return performance


def endpoint_checks(results: dict[str, Any], limits: dict[str, Any]) -> list[Check]:
    """One check per database and endpoint that has limits: errors, p95 and throughput."""
    checks = []
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
            checks.append(Check(
                f"{endpoint}-{database}", "fail" if problems else "pass",
                "; ".join(problems), {"rps": figures["rps"], "p95_ms": figures["p95_ms"]},
            ))  # fmt: skip
    return checks


def ingest_checks(limit: dict[str, float]) -> list[Check]:
    """The analytics ingest benchmark (500-event batches through the API), per database."""
    json_path = core.VAR / "ingest-bench.json"
    result = core.run(core.uv(
        "pytest", "tests/benchmarks/test_ingest.py", "-k", "test_ingest_endpoint", "-q",
        "-p", "no:randomly", "--benchmark-enable", "--benchmark-only",
        f"--benchmark-json={json_path}",
    ))  # fmt: skip
    if result.code != 0 or not json_path.exists():
        return [Check("ingest", "fail", core.tail(result.output))]
    return ingest_rate_checks(json.loads(json_path.read_text()), limit)


def ingest_rate_checks(report: dict[str, Any], limit: dict[str, float]) -> list[Check]:
    """Events per second from pytest-benchmark's JSON (median round), against the minimum."""
    if "min_events_per_s" not in limit:
        return [Check("ingest", "fail", "perf-thresholds.toml has no [ingest] min_events_per_s")]
    checks = []
    for bench in report["benchmarks"]:
        database = bench["name"].partition("[")[2].rstrip("]") or "-"
        rate = round(bench["extra_info"]["events_per_round"] / bench["stats"]["median"])
        low = rate < limit["min_events_per_s"]
        checks.append(Check(
            f"ingest-{database}", "fail" if low else "pass",
            f"{rate} events/s < {limit['min_events_per_s']}" if low else "",
            {"events_per_s": rate},
        ))  # fmt: skip
    return checks
