"""The command line the migrations that run at both stages share: `before|after ANSWERS_FILE`.

Copier runs them from the project's root; they read the package name from the answers file.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_PACKAGE_LINE = re.compile(r"^package_name: ['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?\s*$", re.MULTILINE)


def package_of(answers_file: Path) -> str | None:
    """The project's package name, as the answers file records it."""
    match = _PACKAGE_LINE.search(answers_file.read_text(encoding="utf-8"))
    return match.group(1) if match else None


def arguments(argv: list[str] | None, script: str) -> tuple[str, str] | int:
    """(stage, package), or the exit code when there is nothing to do: 2 for a wrong call."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in {"before", "after"}:
        print(f"usage: {script} before|after ANSWERS_FILE", file=sys.stderr)
        return 2
    stage, answers_file = args[0], Path(args[1])
    package = package_of(answers_file) if answers_file.is_file() else None
    if package is None:
        say(stage, f"no package_name in {answers_file}")
        return 0
    return stage, package


def say(stage: str, outcome: str) -> None:
    print(f"copier-mvp: migration v0.2.0 ({stage}): {outcome}")
