"""The monitoring gate: `make monitoring` (alert rules and their tests, dashboards, runbooks)."""

from __future__ import annotations

from scripts.gates import core
from scripts.gates.core import Gate


def gate() -> Gate:
    monitoring = Gate("monitoring", "alert rules check and test; dashboards valid; runbooks exist")
    monitoring.checks.append(
        core.make_target_check("promtool", "monitoring", "ops/prometheus rules")
    )
    return monitoring
