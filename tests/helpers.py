"""Helpers for the slow tiers: one runner, one environment, git, file trees.

Everything that shells out goes through `run`; every generated project is installed with the
environment `environment` gives. Update tests describe a team's edits as a mapping of paths
to contents (`build_file_tree`) and commit them with `git_save`, as Copier's own tests do.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.copier_overheads import patched

TEMPLATE_ROOT = Path(__file__).resolve().parents[1]
COPIER_YML: dict[str, Any] = yaml.safe_load((TEMPLATE_ROOT / "copier.yml").read_text())
DEFAULT_PYTHON: str = COPIER_YML["python_version"]["default"]


def without_copier_path_costs() -> contextlib.AbstractContextManager[None]:
    """Copier without the two per-path costs bench/copier_overheads.py reproduces: a `git
    config` process per written file (read once per copy instead) and a Jinja compile per
    plain path part. It writes the same tree (test_render.py checks it)."""
    return patched(git_once=True, plain_parts=True)


GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Template Test",
    "GIT_AUTHOR_EMAIL": "template-test@example.com",
    "GIT_COMMITTER_NAME": "Template Test",
    "GIT_COMMITTER_EMAIL": "template-test@example.com",
}
# Ignored build output that must not be copied into a clone or a project's copy.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache"
)
COMMAND_TIMEOUT = 900
# The schema fuzzers (tests/test_openapi_fuzz.py) are a third of a generated suite's time. The
# answers change no API operation, and the default project's `make gates` fuzzes every one:
# the other projects' `make test` leaves them out, so the same fuzzing does not run three times.
WITHOUT_FUZZERS = {"PYTEST_ADDOPTS": "--ignore=tests/test_openapi_fuzz.py"}


@dataclass(frozen=True)
class Result:
    """A finished command: its exit code and what it printed (stdout, then stderr)."""

    command: list[str]
    code: int
    output: str

    def tail(self, characters: int = 6000) -> str:
        return f"`{' '.join(self.command)}` exited {self.code}:\n{self.output[-characters:]}"


def run(
    *command: str,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    check: bool = True,
    timeout: float = COMMAND_TIMEOUT,
) -> Result:
    """Run `command` in `cwd`; with `check`, a non-zero exit fails the test with the output."""
    try:
        completed = subprocess.run(
            list(command), cwd=cwd, env=dict(env or os.environ), capture_output=True,
            text=True, timeout=timeout, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired as expired:
        partial = "".join(_text(stream) for stream in (expired.stdout, expired.stderr))
        pytest.fail(f"`{' '.join(command)}` ran over {timeout:.0f} s in {cwd}:\n{partial[-6000:]}")
    result = Result(list(command), completed.returncode, completed.stdout + completed.stderr)
    if check:
        assert result.code == 0, result.tail()
    return result


def _text(stream: str | bytes | None) -> str:
    return stream.decode(errors="replace") if isinstance(stream, bytes) else stream or ""


def python_for(version: str) -> str | None:
    """An interpreter for `version`: pyenv's newest patch release, then one on PATH, else None."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = pyenv_root.glob(f"versions/{version}.*/bin/python{version}")
    newest = max(candidates, key=lambda path: _patch_level(path.parents[1].name), default=None)
    return str(newest) if newest else shutil.which(f"python{version}")


def _patch_level(release: str) -> int:
    """3.12.10 -> 10, so 3.12.10 sorts after 3.12.9; -1 for builds like 3.12-dev."""
    patch = release.split(".")[2] if release.count(".") >= 2 else ""
    return int(patch) if patch.isdigit() else -1


def environment(python_version: str = DEFAULT_PYTHON) -> dict[str, str]:
    """The environment a generated project's commands run in; skips without the interpreter."""
    interpreter = python_for(python_version)
    if interpreter is None:
        pytest.skip(f"no Python {python_version} interpreter on this machine for the project")
    # Not the template's own virtual environment: the project's commands use the project's.
    inherited = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    return {**inherited, "UV_PYTHON": interpreter, "UV_PYTHON_DOWNLOADS": "never"}


def git(cwd: Path, *args: str) -> str:
    return run("git", *args, cwd=cwd, env={**os.environ, **GIT_IDENTITY}).output


def git_save(project: Path, message: str = "Save") -> None:
    """Commit everything in `project`, as a team commits its work before `copier update`."""
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--no-verify", "--allow-empty", "-m", message)


def build_file_tree(root: Path, spec: Mapping[str, str | None]) -> None:
    """Write each path of `spec` (relative to `root`) with its contents; None deletes it."""
    for relative, contents in spec.items():
        path = root / relative
        if contents is None:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(contents)


def edit(path: Path, old: str, new: str) -> str:
    """Replace the one occurrence of `old` in `path` with `new`; returns the original text."""
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new))
    return text


def release_commit(version: str) -> str | None:
    """The commit titled `Release <version>` in the template's history, if the clone has it."""
    found = git(TEMPLATE_ROOT, "log", "--format=%H", f"--grep=^Release {version}$").split()
    return found[0] if found else None


def versioned_template(
    destination: Path, *, previous: str, previous_commit: str, head: str
) -> Path:
    """A clone with `previous` tagged at its release commit and the working tree as `head`.

    The working tree is committed in the clone, so the update tests test the code under review.
    """
    git(
        TEMPLATE_ROOT.parent, "clone", "--quiet", "--no-local", str(TEMPLATE_ROOT), str(destination)
    )
    for tag in git(destination, "tag", "--list").split():
        git(destination, "tag", "--delete", tag)
    git(destination, "tag", previous, previous_commit)
    shutil.copytree(TEMPLATE_ROOT, destination, ignore=NOT_SOURCE, dirs_exist_ok=True)
    for path in git(destination, "ls-files").splitlines():
        if not (TEMPLATE_ROOT / path).exists():  # deleted in the working tree
            (destination / path).unlink()
    git_save(destination, f"Release {head} (working tree)")
    git(destination, "tag", head)
    return destination


@dataclass(frozen=True)
class Project:
    """A generated and installed project, with the environment to run its commands in."""

    path: Path
    env: dict[str, str]
    answers: dict[str, Any]

    def run(self, *command: str, check: bool = True, timeout: float = COMMAND_TIMEOUT) -> Result:
        return run(*command, cwd=self.path, env=self.env, check=check, timeout=timeout)

    def copy_to(self, destination: Path) -> Project:
        """A private, installed copy for a test that breaks something on purpose."""
        shutil.copytree(self.path, destination, ignore=NOT_SOURCE, symlinks=True)
        shutil.copytree(self.path / ".git", destination / ".git", symlinks=True)
        copy = Project(destination, self.env, self.answers)
        copy.run("make", "install")
        return copy


@contextlib.contextmanager
def _environment_of(env: Mapping[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def generate(copie: Any, answers: Mapping[str, Any] | None = None) -> Project:
    """Generate the working tree with pytest-copie (post-copy task included) and install it."""
    answers = dict(answers or {})
    env = environment(str(answers.get("python_version", DEFAULT_PYTHON)))
    # The post-copy task locks with uv in Copier's environment: the project's Python with it.
    with _environment_of(env):
        result = copie.copy(extra_answers=answers)
    assert result.exception is None, f"copier copy failed: {result.exception!r}"
    project = Project(Path(result.project_dir), env, answers)
    project.run("make", "install")
    return project


# The scorecard's gates, in its order.
GATES = ["coverage", "tests", "lint", "security", "performance", "docs", "deployment", "monitoring"]


@dataclass(frozen=True)
class Scorecard:
    """What `make gates` printed and the gates.json it wrote."""

    result: Result
    report: dict[str, Any]

    @property
    def gates(self) -> dict[str, dict[str, Any]]:
        return {gate["name"]: gate for gate in self.report["gates"]}

    @property
    def checks(self) -> dict[str, dict[str, Any]]:
        return {check["name"]: check for gate in self.report["gates"] for check in gate["checks"]}


def make_gates(project: Project, *variables: str) -> Scorecard:
    """`make gates` with make variables (ONLY=..., FAST=1, ALLOW_SKIP=...) in `project`."""
    return _scorecard(project, "make", "gates", *variables)


def run_gates(project: Project, *arguments: str) -> Scorecard:
    """`python -m scripts.gates` with its own options (e.g. --load-seconds) in `project`."""
    return _scorecard(
        project, "uv", "run", "--no-sync", "python", "-m", "scripts.gates", *arguments
    )


def _scorecard(project: Project, *command: str) -> Scorecard:
    scorecard = project.path / "gates.json"
    scorecard.unlink(missing_ok=True)
    result = project.run(*command, check=False, timeout=1800)
    assert scorecard.exists(), result.tail()
    return Scorecard(result, json.loads(scorecard.read_text()))


# The example domain's names become a new domain's, as a careful person renames them: not
# `.items()`, nor the `items` field of a page of results (`items=`, `["items"]`).
_KEPT = ['["items"]', ".items("]
_RENAMES = [
    (re.compile(r"Item"), "Order"),
    (re.compile(r"(?<![A-Za-z0-9])items(?![\w]|\s*=(?!=))"), "orders"),
    (re.compile(r"(?<![A-Za-z0-9])item(?![a-z])"), "order"),
]


class _IndentedDumper(yaml.SafeDumper):
    """Indents a list under its key, as the project's yamllint rules (and a person) write it."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _renamed(text: str) -> str:
    for index, kept in enumerate(_KEPT):
        text = text.replace(kept, f"\0{index}\0")
    for pattern, new in _RENAMES:
        text = pattern.sub(new, text)
    for index, kept in enumerate(_KEPT):
        text = text.replace(f"\0{index}\0", kept)
    return text


TRACKING_PLAN_PAGE = "docs/analytics/tracking-plan.md"


def add_order_domain(project: Project, *, package: str, command: str) -> None:
    """Add an `order` domain as the generated docs/code-standards.md recipe says, step by step.

    The recipe starts from a copy of the example domain: `item/` and `tests/item/` become
    `order/` and `tests/order/`, then each file the recipe lists is touched.
    """
    root, src = project.path, project.path / "src" / package
    for source in (src / "item", root / "tests" / "item"):
        for path in source.rglob("*.py"):
            target = source.parent / "order" / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_renamed(path.read_text()))
    # Register the router once, import the model, place the domain among the layers.
    router_import = "from .item.router import router as item_router\n"
    edit(src / "api.py", router_import, router_import + _renamed(router_import))
    edit(src / "api.py", " item_router,", " item_router, order_router,")
    model_import = "from .item.models import Item\n"
    edit(src / "models.py", model_import, model_import + _renamed(model_import))
    edit(src / "models.py", '"Item", "User"]', '"Item", "Order", "User"]')
    edit(root / "tests" / "test_layers.py", '"invite", "item")', '"invite", "item", "order")')
    # Declare its events, then regenerate the code and the page made from the plan.
    plan_path = src / "analytics" / "tracking_plan.yaml"
    plan = yaml.safe_load(plan_path.read_text())
    events = plan["events"]
    events.update({_renamed(name): yaml.safe_load(_renamed(yaml.safe_dump(spec)))
                   for name, spec in list(events.items()) if name.startswith("item_")})  # fmt: skip
    plan_path.write_text(yaml.dump(plan, Dumper=_IndentedDumper, sort_keys=False, width=100))
    project.run("uv", "run", "--no-sync", command, "analytics", "codegen")
    project.run("sh", "-c", f"uv run --no-sync {command} analytics docs > {TRACKING_PLAN_PAGE}")
    # Its table, by Alembic's autogenerate against a database at the newest revision.
    project.run("uv", "run", "--no-sync", command, "migrate")
    project.run("uv", "run", "--no-sync", "alembic", "revision", "--autogenerate", "-m", "orders")
    project.run("make", "format")  # a renamed line may have grown past the line length
