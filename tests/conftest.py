"""Shared fixtures: the template's questions read from copier.yml, a fast render, and the
session-wide default project that the slow modules share.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import copier
import jinja2
import pytest

from .helpers import (
    COPIER_YML,
    TEMPLATE_ROOT,
    Project,
    Scorecard,
    edit,
    generate,
    make_gates,
    python_for,
    run_gates,
    without_copier_path_costs,
)

__all__ = ["COPIER_YML", "TEMPLATE_ROOT", "python_for"]
QUESTIONS: dict[str, dict[str, Any]] = {
    name: spec for name, spec in COPIER_YML.items() if not name.startswith("_")
}
# The matrix axes: every question that offers choices, with its values.
CHOICES: dict[str, list[str]] = {
    name: list(spec["choices"].values()) if isinstance(spec["choices"], dict) else spec["choices"]
    for name, spec in QUESTIONS.items()
    if "choices" in spec
}
# Every default as copier.yml writes it: derived ones are Jinja expressions, rendered by Copier.
DEFAULTS: dict[str, Any] = {name: spec["default"] for name, spec in QUESTIONS.items()}
# What a user gets by accepting every default: the derived defaults as Copier renders them.
DEFAULT_ANSWERS: dict[str, Any] = {
    **DEFAULTS,
    "project_slug": "acme-beta",
    "package_name": "acme_beta",
    "description": "An invite-only beta of Acme Beta.",
    "author_name": "Acme Beta founders",
    "author_email": "founders@example.com",
    "github_owner": "acme-beta",
    "aws_dr_region": "eu-central-1",
}

# The slow tier's scenarios besides the defaults. `every-non-default` answers every question it
# is asked with something other than its default (with deployment=none it is not asked the AWS
# regions); Segment and Python 3.11, the choices it cannot also take, are what
# tests/test_update.py switches to while updating its project.
EVERY_NON_DEFAULT: dict[str, Any] = {
    "project_name": "Zeta Ops",
    "project_slug": "zeta-operations",
    "package_name": "zeta_core",
    "description": (
        "Operations tooling for teams that run many services and want a single place to "
        "see them, with a description long enough to wrap in docstrings and help texts."
    ),
    "author_name": "Zeta Labs Ltd",
    "author_email": "hello@zeta.example",
    "github_owner": "zeta-labs",
    "license": "LicenseRef-Proprietary",
    "python_version": "3.13",
    "error_tracking": "sentry",
    "frontend": "none",
    "analytics_forwarder": "posthog",
    "deployment": "none",
}


def asked(answers: dict[str, Any]) -> set[str]:
    """The questions Copier asks given these answers (the defaults for the rest): a question
    whose `when` is false is neither asked nor recorded in the answers file.
    """
    context = {**DEFAULT_ANSWERS, **answers}
    return {
        name
        for name, spec in QUESTIONS.items()
        if "when" not in spec
        or jinja2.Environment().from_string(str(spec["when"])).render(context) == "True"
    }


SCENARIOS: dict[str, dict[str, Any]] = {
    "every-non-default": EVERY_NON_DEFAULT,
}


def pytest_configure(config: pytest.Config) -> None:
    """pytest-copie renders this template wherever pytest is started from.

    The author questions default to the git identity of whoever runs Copier: the tests see
    no git configuration of the machine's, so every run gets the template's own defaults.
    """
    config.option.template = str(TEMPLATE_ROOT)
    os.environ["GIT_CONFIG_GLOBAL"] = os.devnull
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"


def render(destination: Path, **answers: Any) -> Path:
    """Render the working tree with the given answers (defaults for the rest), tasks skipped.

    Tier 1 renders dozens of projects: pytest-copie would run the post-copy task (git init,
    uv lock) for each, so these renders call Copier directly with the task skipped, and
    without Copier's two per-path costs that bench/copier_overheads.py reproduces (a `git
    config` process per file, read once instead; no Jinja compile for a plain path part): a
    render took 5.4 s, and takes 1.7. Such a render writes the same tree as Copier as
    released (test_render.py checks it); the slow tier copies with Copier as released.
    """
    with without_copier_path_costs():
        copy_as_released(destination, **answers)
    return destination


def copy_as_released(destination: Path, **answers: Any) -> Path:
    copier.run_copy(
        str(TEMPLATE_ROOT),
        str(destination),
        data=answers,
        defaults=True,
        unsafe=True,
        vcs_ref="HEAD",
        skip_tasks=True,
        quiet=True,
    )
    return destination


@pytest.fixture
def render_project(tmp_path: Path):
    counter = iter(range(1000))

    def _render(**answers: Any) -> Path:
        return render(tmp_path / f"project{next(counter)}", **answers)

    return _render


@pytest.fixture(scope="session")
def default_project(copie_session: Any) -> Project:
    """The project every default answer gives, generated with its post-copy task and installed.

    Generated once per worker: the modules that use it share one xdist group, so one worker
    generates it and every module reads it.
    """
    return generate(copie_session)


@pytest.fixture(scope="session")
def default_gates(default_project: Project) -> Scorecard:
    """The default project's scorecard, as `make gates ALLOW_SKIP=audit` gives it.

    Its load runs share the machine with the rest of the slow tier: the performance gate
    compares each endpoint with a bare app measured in the same run, so it holds on a busy
    machine (issue 15), and this run proves it on every CI run.
    """
    return make_gates(default_project, "ALLOW_SKIP=audit")


# The line of the item list's route that a slowed endpoint is inserted after.
ITEM_LIST_DOCSTRING = '    """The current user\'s items, newest first."""\n'


@pytest.fixture(scope="session")
def slowed_performance(default_project: Project, default_gates: Scorecard) -> Scorecard:
    """The performance gate, two short rounds, with each item list request spending 100 ms of
    CPU (after `default_gates`, which must see the endpoint as generated).
    """
    router = default_project.path / "src" / "acme_beta" / "item" / "router.py"
    # CPU, not a sleep: a busy machine slows this endpoint and the bare app alike, so its
    # ratio falls far under the minimum however loaded the machine is, as a really slower
    # endpoint's would. (A sleep keeps its wall time while a loaded machine slows the bare
    # app: its ratio can pass there.) It runs on the event loop, so the requests queue.
    slowed = ITEM_LIST_DOCSTRING + (
        '    _clock = __import__("time").thread_time\n'
        "    _until = _clock() + 0.1\n"
        "    while _clock() < _until:\n"
        "        pass\n"
    )
    original = edit(router, ITEM_LIST_DOCSTRING, slowed)
    try:
        # Two rounds, the best of each case kept: a burst of other work that slows one
        # 1-second run of the bare app (once 8 times, beside two busy loops and a `make
        # gates`) would otherwise lift the slowed endpoint's ratio near its minimum.
        return run_gates(default_project, "--only", "performance",
                         "--load-seconds", "1", "--load-rounds", "2")  # fmt: skip
    finally:
        router.write_text(original)


# The slow groups, longest first, then the other slow tests, then tier 1. xdist (`--dist
# loadgroup --no-loadscope-reorder`) hands each worker the next unit in this order, so the
# long groups start at once on both workers and tier 1's many small tests fill in the end.
GROUP_ORDER = [
    "default-project",
    "update",
    "default-project-breaks",
    "scenario-every-non-default",
    "infra-check",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        group = item.get_closest_marker("xdist_group")
        if group is not None and group.args[0] in GROUP_ORDER:
            return GROUP_ORDER.index(group.args[0])
        return len(GROUP_ORDER) + (0 if item.get_closest_marker("slow") else 1)

    items.sort(key=rank)  # stable: each group keeps its tests in file order


def pytest_collection_finish(session: pytest.Session) -> None:
    """Refuse to run when xdist would ignore the groups: the slow tier depends on them."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    ignored = [
        item.nodeid
        for item in session.items
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid
    ]
    if ignored:
        raise pytest.UsageError(
            f"--dist loadgroup would ignore the xdist_group of {ignored[0]} (and "
            f"{len(ignored) - 1} more): this pytest and pytest-xdist do not work together; "
            "see the pin on pytest in pyproject.toml"
        )
