"""The lint gate: ruff, mypy, yamllint, hadolint, shellcheck, terraform fmt and the workflows."""

from __future__ import annotations

import re

from scripts.gates import core
from scripts.gates.core import Check, Gate


def gate() -> Gate:
    lint = Gate("lint", "no finding from any linter")
    lint.checks += core.together(
        lambda: core.command_check("ruff", core.uv("ruff", "check", ".")),
        lambda: core.command_check("ruff-format", core.uv("ruff", "format", "--check", ".")),
        lambda: core.command_check("mypy", core.uv("mypy")),
        lambda: core.command_check("yamllint", core.uv("yamllint", "--strict", ".")),
        lambda: core.make_target_check("hadolint", "hadolint", "the Dockerfile and infra.mk"),
        shellcheck_check,
        # No infra/ (deployment=none): no Terraform to format; the deployment gate says so.
        *([terraform_fmt_check] if (core.ROOT / "infra").is_dir() else []),
        workflow_checks,
    )
    return lint


def terraform_fmt_check() -> Check:
    return core.make_target_check("terraform-fmt", "infra-fmt", "infra/ and infra.mk")


def shell_scripts() -> list[str]:
    """Tracked shell scripts: `*.sh`, or an executable whose first line names sh or bash."""
    tracked = core.tracked_files()
    if tracked is None:  # not a git repository: the project's own folders
        return sorted(str(path.relative_to(core.ROOT)) for path in core.ROOT.glob("*/*.sh"))
    found = []
    for name in tracked:
        path = core.ROOT / name
        if name.endswith(".sh"):
            found.append(name)
        elif path.is_file() and path.stat().st_mode & 0o111:
            with path.open("rb") as file:
                if re.match(rb"#!.*\b(ba)?sh\b", file.readline(100)):
                    found.append(name)
    return found


def shellcheck_check() -> Check:
    """shellcheck over every tracked shell script (none tracked is a pass that says so)."""
    scripts = shell_scripts()
    if not scripts:
        return Check("shellcheck", "pass", "no shell script is tracked", {"scripts": 0})
    check = core.command_check("shellcheck", core.uv("shellcheck", "--severity=style", *scripts))
    check.figures["scripts"] = len(scripts)
    return check


def workflow_checks() -> list[Check]:
    """zizmor over .github, and every workflow against GitHub's published JSON schema."""
    workflows = sorted((core.ROOT / ".github" / "workflows").glob("*.yml"))
    if not workflows:
        return [Check("workflows", "fail", "not set up: .github/workflows is empty")]
    schema = core.command_check(
        "workflow-schema",
        core.uv("check-jsonschema", "--builtin-schema", "vendor.github-workflows",
                *map(str, workflows)),
    )  # fmt: skip
    schema.figures["workflows"] = len(workflows)
    return [core.command_check("zizmor", core.uv("zizmor", "--offline", ".github")), schema]
