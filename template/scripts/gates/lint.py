"""The lint gate: every hook of .pre-commit-config.yaml, each run as `pre-commit run --all-files`.

The hooks are the project's one list of linters (ruff, mypy, yamllint, hadolint, shellcheck,
terraform fmt, the workflows): a developer's git hook, CI and this gate run the same ones.
Each hook is a check of its own, named by its id and run beside the others, so a tool that
cannot run here (terraform, hadolint) is a skip of its own and the others still count.
"""

from __future__ import annotations

import functools

import yaml

from scripts.gates import core
from scripts.gates.core import Check, Gate

CONFIG = ".pre-commit-config.yaml"
NO_FILES = "(no files to check)"


def gate() -> Gate:
    lint = Gate("lint", "no finding from any pre-commit hook")
    if not (core.ROOT / CONFIG).is_file():
        lint.checks.append(Check("pre-commit", "fail", f"not set up: {CONFIG} is missing"))
        return lint
    if core.tracked_files() is None:
        reason = "not set up: pre-commit needs a git repository (git init -b main && git add -A)"
        lint.checks.append(Check("pre-commit", "fail", reason))
        return lint
    lint.checks += core.together(*(functools.partial(hook_check, hook) for hook in hook_ids()))
    return lint


def hook_ids() -> list[str]:
    """The id of every hook, in the order of the configuration."""
    config = yaml.safe_load((core.ROOT / CONFIG).read_text())
    return [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]


def hook_check(hook: str) -> Check:
    """One hook over every tracked file; one with no file of its kind passes and says so."""
    check = core.command_check(hook, core.uv("pre-commit", "run", "--all-files", hook))
    log = core.LOGS / f"{hook}.log"
    if check.status == "pass" and log.is_file() and NO_FILES in log.read_text():
        check.reason = "no file of its kind is tracked"
    return check
