"""The performance gate: bench/api.py and the ingest benchmark against perf-thresholds.toml.

Every limit is relative to a baseline measured in the same run on the same machine: for the
endpoints a bare FastAPI app (requests per second, and the p99 latency of the same round), for
the ingest a direct bulk insert. A busy machine slows the baseline and the endpoint alike, so
the gate holds steady where an absolute floor or budget would fail (a 100 ms p99 budget for
/healthz failed once with the machine ten times slower than usual), and still goes red when
an endpoint really gets slower.
"""

from __future__ import annotations

import json
import tomllib
from typing import Any

from scripts import bench_summary
from scripts.gates import core
from scripts.gates.core import Check, Gate

# The load runs' check: its log, its failure when bench/api.py does not finish, and the one
# skip a --fast run makes (`make gates FAST=1` allows it by name).
LOAD_CHECK = "load"


def gate(*, fast: bool, seconds: float = 3, rounds: int = 2) -> Gate:
    performance = Gate(
        "performance", "req/s and p99 as ratios to a bare app, against perf-thresholds.toml"
    )
    if fast:
        performance.checks.append(Check(
            LOAD_CHECK, "skip",
            "FAST=1 skips the load runs; run `make gates` without FAST before a release",
        ))  # fmt: skip
        return performance
    limits = tomllib.loads((core.ROOT / "perf-thresholds.toml").read_text())
    if problem := limits_problem(limits):
        performance.checks.append(Check("endpoints", "fail", problem))
        return performance
    # Best of two alternating rounds, as `make bench` keeps its best: one round can land on a
    # burst of other work (PostgreSQL's autovacuum after the migrations, another process).
    json_path = core.VAR / "api-bench.json"
    json_path.unlink(missing_ok=True)
    # Only the cases the limits name (the baseline always runs): the bare ASGI app is
    # `make bench`'s, and the load runs are the longest part of `make gates`.
    result = core.run(core.uv("python", "bench/api.py", "--duration", f"{seconds:g}",
                              "--rounds", str(rounds), "--json", str(json_path),
                              "--cases", ",".join(limits.get("endpoint", {}))))  # fmt: skip
    core.keep_log(LOAD_CHECK, result.output)
    if result.code != 0 or not json_path.exists():
        performance.checks.append(Check(LOAD_CHECK, "fail", core.tail(result.output)))
        return performance
    performance.checks += endpoint_checks(json.loads(json_path.read_text()), limits)
    performance.checks += ingest_checks(limits.get("ingest", {}))
    return performance


def endpoint_checks(results: dict[str, Any], limits: dict[str, Any]) -> list[Check]:
    """One check per database and limited endpoint: errors, and its req/s and p99 to the bare
    app's."""
    if problem := limits_problem(limits):
        return [Check("endpoints", "fail", problem)]
    endpoints: dict[str, dict[str, float]] = limits["endpoint"]
    checks = []
    for database, measured in results.items():
        for endpoint, limit in endpoints.items():
            name = f"{endpoint}-{database}"
            figures = measured.get(endpoint)
            if figures is None:
                checks.append(Check(name, "fail", "bench/api.py did not measure it"))
                continue
            problems = []
            if figures["errors"] > 0:
                problems.append(f"{figures['errors']} errors")
            if figures["ratio"] < limit["min_ratio"]:
                problems.append(f"{figures['ratio']:.3f}x the bare app < {limit['min_ratio']}x")
            if figures["p99_ratio"] > limit["max_p99_ratio"]:
                problems.append(
                    f"p99 {figures['p99_ratio']:.1f}x the bare app's > {limit['max_p99_ratio']}x"
                )
            checks.append(Check(
                name, "fail" if problems else "pass", "; ".join(problems),
                {key: figures[key] for key in ("ratio", "rps", "p99_ms", "p99_ratio")},
            ))  # fmt: skip
    return checks


def limits_problem(limits: dict[str, Any]) -> str:
    """What perf-thresholds.toml's endpoint limits lack, if anything (before any load runs)."""
    endpoints: dict[str, dict[str, float]] = limits.get("endpoint", {})
    if not endpoints:
        return "perf-thresholds.toml has no [endpoint.<name>]"
    for endpoint, limit in endpoints.items():
        if missing := sorted({"min_ratio", "max_p99_ratio"} - limit.keys()):
            # p99_ms, the absolute budget before v0.14.0, failed on busy machines (CHANGELOG).
            return (
                f"perf-thresholds.toml [endpoint.{endpoint}] needs {' and '.join(missing)};"
                " max_p99_ratio is the p99 over the bare app's in the same round (p99_ms, an"
                " absolute budget, is no longer read)"
            )
    return ""


INGEST, BULK = "test_ingest_endpoint", "test_direct_bulk_insert"


def ingest_checks(limit: dict[str, float]) -> list[Check]:
    """The analytics ingest (500-event batches through the API) against a direct bulk insert."""
    json_path = core.VAR / "ingest-bench.json"
    json_path.unlink(missing_ok=True)
    result = core.run(core.uv(
        "pytest", "tests/benchmarks/test_ingest.py", "-k", f"{INGEST} or {BULK}", "-q",
        "-p", "no:randomly", "--benchmark-enable", "--benchmark-only",
        f"--benchmark-json={json_path}",
    ))  # fmt: skip
    core.keep_log("ingest", result.output)
    if result.code != 0 or not json_path.exists():
        return [Check("ingest", "fail", core.tail(result.output))]
    return ingest_ratio_checks(json.loads(json_path.read_text()), limit)


def ingest_ratio_checks(report: dict[str, Any], limit: dict[str, float]) -> list[Check]:
    """Per database: events per second through the API over those of the bulk insert."""
    if "min_ratio" not in limit:
        return [Check("ingest", "fail", "perf-thresholds.toml has no [ingest] min_ratio")]
    checks = []
    for database, rate in bench_summary.rates(report).items():
        name = f"ingest-{database}"
        if not {INGEST, BULK} <= rate.keys():
            checks.append(Check(name, "fail", f"needs both {INGEST} and {BULK}"))
            continue
        ratio = round(rate[INGEST] / rate[BULK], 3)
        low = ratio < limit["min_ratio"]
        checks.append(Check(
            name, "fail" if low else "pass",
            f"{ratio}x the bulk insert < {limit['min_ratio']}x" if low else "",
            {"ratio": ratio, "events_per_s": round(rate[INGEST])},
        ))  # fmt: skip
    return checks or [Check("ingest", "fail", "the benchmark reported no result")]
