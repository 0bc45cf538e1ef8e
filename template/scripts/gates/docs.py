"""The docs gate: the site builds with --strict, and scripts/docs_check.py finds no gap.

MkDocs itself fails the build on a dead link, a missing anchor or a page outside the nav (the
`validation:` settings of mkdocs.yml turn each into a warning, and --strict fails on warnings).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scripts.gates import core
from scripts.gates.core import Check, Gate

MKDOCS_BUILD = ("mkdocs", "build", "--strict")  # never -q: it hides the warnings --strict counts


def mkdocs_problem(line: str) -> bool:
    """MkDocs prints banners before its warnings: the reason starts with the first problem."""
    return re.match(r"(WARNING|ERROR)\b", line) is not None


def gate() -> Gate:
    docs = Gate("docs", "the site builds with --strict; docs_check.py finds no gap")
    if not (core.ROOT / "mkdocs.yml").exists():
        docs.checks.append(Check("mkdocs", "fail", "not set up: mkdocs.yml is missing"))
        return docs
    docs.checks.append(reported_check("mkdocs", core.uv(*MKDOCS_BUILD), mkdocs_problem))
    if not (core.ROOT / "scripts" / "docs_check.py").exists():
        docs.checks.append(Check("completeness", "fail", "not set up: scripts/docs_check.py"))
        return docs
    # docs_check.py prints one gap a line, then its summary: the reason is the gaps.
    docs.checks.append(reported_check(
        "completeness", core.uv("python", "scripts/docs_check.py"),
        lambda line: ": " in line and not line.startswith("docs-check:"),
    ))  # fmt: skip
    return docs


def reported_check(name: str, command: list[str], problem: Callable[[str], bool]) -> Check:
    """Like command_check, but a failure's reason is the output lines that name problems.

    The indented lines under a problem belong to it (MkDocs lists the pages outside the nav).
    """
    result = core.run(command)
    if result.code == 0:
        return Check(name, "pass", figures={"problems": 0}, seconds=result.seconds)
    count, shown, under = 0, [], False
    for line in result.output.splitlines():
        if problem(line):
            count, under = count + 1, True
            shown.append(line)
        elif under and line.startswith("  "):
            shown.append(line)
        else:
            under = False
    return Check(name, "fail", "\n".join(shown[:12]) or core.tail(result.output),
                 {"problems": count}, result.seconds)  # fmt: skip
