"""The verdict, the scorecard on screen and gates.json: what `make gates` reports."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from scripts.gates.core import Gate


def parse_names(text: str) -> set[str]:
    """A comma-separated list (ALLOW_SKIP, ONLY) as a set of names."""
    return {name.strip() for name in text.split(",") if name.strip()}


def passed(gates: list[Gate], allowed: set[str]) -> bool:
    """True when no gate failed and every skipped check is named in ALLOW_SKIP."""
    return all(gate.status != "fail" for gate in gates) and all(
        check.status == "pass" or (check.status == "skip" and check.name in allowed)
        for gate in gates
        for check in gate.checks
    )


def render(gates: list[Gate]) -> str:
    """One line per check, the gate's name and status on its first; then the threshold."""
    lines = [f"{'gate':<12} {'status':<6} {'check':<18} {'status':<6} figures / reason"]
    for gate in gates:
        for index, check in enumerate(gate.checks):
            label = (gate.name, gate.status.upper()) if index == 0 else ("", "")
            detail = ", ".join(f"{k}={v}" for k, v in check.figures.items())
            if check.reason:
                detail = (detail + "; " if detail else "") + check.reason.splitlines()[0][:100]
            lines.append(
                f"{label[0]:<12} {label[1]:<6} {check.name:<18} {check.status.upper():<6} {detail}"
            )
        lines.append(f"{'':<12} {'':<6} threshold: {gate.threshold}")
    return "\n".join(lines)


def report(gates: list[Gate], allowed: set[str]) -> dict[str, Any]:
    """gates.json: the verdict, the allowed skips, and every gate with its checks."""
    return {
        "passed": passed(gates, allowed),
        "allow_skip": sorted(allowed),
        "gates": [
            {
                "name": gate.name,
                "status": gate.status,
                "threshold": gate.threshold,
                "checks": [asdict(check) for check in gate.checks],
            }
            for gate in gates
        ],
    }


def write(path: Path, content: dict[str, Any]) -> None:
    path.write_text(json.dumps(content, indent=2) + "\n")


def verdict(ok: bool, path: Path, allowed: set[str]) -> str:
    allowing = f" (allowed to skip: {', '.join(sorted(allowed))})" if allowed else ""
    return f"\n{'PASSED' if ok else 'FAILED'}: wrote {path.name}{allowing}"
