"""The docs gate: the site builds with --strict, and scripts/docs_check.py finds no gap."""

from __future__ import annotations

import re
from collections.abc import Callable

from scripts.gates import core
from scripts.gates.core import Check, Gate


def gate() -> Gate:
    docs = Gate("docs", "the site builds with --strict; docs_check.py finds no gap")
    if not (core.ROOT / "mkdocs.yml").exists():
        docs.checks.append(Check("mkdocs", "fail", "not set up: mkdocs.yml is missing"))
        return docs
    # MkDocs prints banners before its warnings; docs_check.py prints one gap a line, then
    # its summary: either way the reason starts with the first problem.
    docs.checks.append(reported_check(
        "mkdocs", core.uv("mkdocs", "build", "--strict"),
        lambda line: re.match(r"(WARNING|ERROR)\b", line) is not None,
    ))  # fmt: skip
    if not (core.ROOT / "scripts" / "docs_check.py").exists():
        docs.checks.append(Check("completeness", "fail", "not set up: scripts/docs_check.py"))
        return docs
    docs.checks.append(reported_check(
        "completeness", core.uv("python", "scripts/docs_check.py"),
        lambda line: ": " in line and not line.startswith("docs-check:"),
    ))  # fmt: skip
    return docs


def reported_check(name: str, command: list[str], problem: Callable[[str], bool]) -> Check:
    """Like command_check, but a failure's reason is the output lines that name problems."""
    result = core.run(command)
    problems = [line for line in result.output.splitlines() if problem(line)]
    if result.code == 0:
        return Check(name, "pass", figures={"problems": 0}, seconds=result.seconds)
    return Check(name, "fail", "\n".join(problems[:12]) or core.tail(result.output),
                 {"problems": len(problems)}, result.seconds)  # fmt: skip
