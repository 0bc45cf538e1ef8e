"""Tier 1: the render matrix. Each choice read from copier.yml, changed one at a time."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.copier_overheads import tree

from .conftest import (
    CHOICES,
    DEFAULT_ANSWERS,
    DEFAULTS,
    EVERY_NON_DEFAULT,
    QUESTIONS,
    TEMPLATE_ROOT,
    asked,
    copy_as_released,
    render,
)

# The defaults, then every non-default choice of every question with choices.
MATRIX: list[dict[str, Any]] = [{}] + [
    {question: value}
    for question, values in CHOICES.items()
    for value in values
    if value != DEFAULTS[question]
]
MATRIX_IDS = ["defaults"] + [
    f"{question}={value}" for answers in MATRIX[1:] for question, value in answers.items()
]
PAGES = "src/acme_beta/web"
MAIL_TEMPLATES = "src/acme_beta/mail/templates"
PAGES_FOLDER = "{% if frontend == 'pages' %}web{% endif %}"
PAGES_SOURCE = TEMPLATE_ROOT / "template" / "src" / "{{package_name}}" / PAGES_FOLDER
# Files that legitimately contain Jinja-like markers after rendering: none today.
JINJA_ALLOWED: set[str] = set()
# Other tools' template syntax, removed before looking for leftover Jinja: (path prefix, pattern).
# Each pattern matches only that tool's own form, so a `{{ project_name }}` left in the same
# file is still caught.
FOREIGN_TEMPLATES: list[tuple[str, re.Pattern[str]]] = [
    # GitHub Actions expressions: `${{ github.ref }}`.
    (".github/workflows/", re.compile(r"\$\{\{.*?\}\}")),
    # Prometheus alert annotations are Go templates on `$value`, `$labels` or a `.Field`.
    ("ops/prometheus/", re.compile(r"\{\{\s*[$.][^{}]*\}\}")),
    # The pages' own Jinja2 templates, rendered at run time: Copier copies them verbatim (no
    # .jinja suffix), which test_page_templates_are_copied_verbatim checks byte for byte.
    (f"{PAGES}/templates/", re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)),
    # The e-mail templates, rendered by the worker at run time (mail/messages.py).
    (f"{MAIL_TEMPLATES}/", re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)),
]


@pytest.fixture(scope="module", params=MATRIX, ids=MATRIX_IDS)
def rendered(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Any]]:
    answers: dict[str, Any] = request.param
    return render(tmp_path_factory.mktemp("render") / "project", **answers), answers


class _TaggedLoader(yaml.SafeLoader):
    """Safe loading that accepts application tags (mkdocs.yml's `!!python/name:` fences)."""


_TaggedLoader.add_multi_constructor("", lambda loader, suffix, node: suffix)
_TaggedLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix
)


def _files(project: Path) -> list[Path]:
    return [path for path in project.rglob("*") if path.is_file() and ".git" not in path.parts]


@pytest.mark.parametrize("answers", [{}, EVERY_NON_DEFAULT], ids=["defaults", "every-non-default"])
def test_a_tier_1_render_writes_what_copier_as_released_writes(
    answers: dict[str, Any], tmp_path: Path
) -> None:
    """render() patches two of Copier's per-path costs away (conftest.py): the same paths,
    modes and contents. Two copies differ only in .env's fresh secret and, from a template
    with uncommitted changes, in the commit Copier makes of them (the answers' `_commit`)."""
    fast_root = render(tmp_path / "fast" / "project", **answers)
    released_root = copy_as_released(tmp_path / "released" / "project", **answers)
    fast, released = tree(fast_root), tree(released_root)
    differ = {".env", ".copier-answers.yml"}

    assert fast.keys() == released.keys()
    assert {path: fast[path] for path in fast if path not in differ} == {
        path: released[path] for path in released if path not in differ
    }
    assert fast[".env"].split()[0] == released[".env"].split()[0]  # its mode
    answers_files = [
        [line for line in (root / ".copier-answers.yml").read_text().splitlines()
         if not line.startswith("_commit: ")]
        for root in (fast_root, released_root)
    ]  # fmt: skip
    assert answers_files[0] == answers_files[1]


def test_no_template_syntax_is_left(rendered: tuple[Path, dict[str, Any]]) -> None:
    project, _ = rendered
    for path in _files(project):
        relative = str(path.relative_to(project))
        assert not relative.endswith(".jinja"), relative
        assert "{{" not in relative and "{%" not in relative, relative
        if relative in JINJA_ALLOWED:
            continue
        text = path.read_text(encoding="utf-8")
        for prefix, foreign in FOREIGN_TEMPLATES:
            if relative.startswith(prefix):
                text = foreign.sub("", text)
        assert "{{" not in text and "{%" not in text, f"unrendered Jinja in {relative}"


def test_structured_files_parse(rendered: tuple[Path, dict[str, Any]]) -> None:
    project, _ = rendered
    parsed = 0
    for path in _files(project):
        if path.suffix in {".yml", ".yaml"}:
            yaml.load(path.read_text(), Loader=_TaggedLoader)
        elif path.suffix == ".toml":
            tomllib.loads(path.read_text())
        elif path.suffix == ".json":
            json.loads(path.read_text())
        else:
            continue
        parsed += 1
    assert parsed >= 2  # at least pyproject.toml and the answers file


def test_answers_file_records_the_answers(rendered: tuple[Path, dict[str, Any]]) -> None:
    project, answers = rendered
    recorded = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert recorded["_src_path"] == str(TEMPLATE_ROOT)  # absolute, so `copier update` works
    expected = {**DEFAULT_ANSWERS, **answers}
    # A question whose `when` is false (the AWS regions with deployment=none) is not recorded.
    assert {question: recorded.get(question) for question in QUESTIONS} == {
        question: expected[question] if question in asked(answers) else None
        for question in QUESTIONS
    }


def test_python_version_is_used_everywhere(rendered: tuple[Path, dict[str, Any]]) -> None:
    project, answers = rendered
    version = answers.get("python_version", DEFAULTS["python_version"])
    assert (project / ".python-version").read_text().strip() == version
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == f">={version}"
    assert pyproject["tool"]["mypy"]["python_version"] == version
    assert pyproject["tool"]["ruff"]["target-version"] == "py" + version.replace(".", "")
    # Coverage counts lines through sys.monitoring, which Python 3.11 lacks: there coverage.py
    # keeps its tracer (ADR 0016). A `core = "sysmon"` on 3.11 would stop the suite at start.
    coverage = pyproject["tool"]["coverage"]["run"]
    assert coverage.get("core") == (None if version == "3.11" else "sysmon")
    assert coverage["branch"] is False


LICENCE_TEXT = {
    "MIT": "MIT License",
    "Apache-2.0": "Apache License, Version 2.0",
    "LicenseRef-Proprietary": "All rights reserved",
}


def test_licence_matches_the_answer(rendered: tuple[Path, dict[str, Any]]) -> None:
    project, answers = rendered
    licence = answers.get("license", DEFAULTS["license"])
    assert LICENCE_TEXT[licence] in (project / "LICENSE").read_text()
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["license"] == licence
    private = "Private :: Do Not Upload" in pyproject["project"]["classifiers"]
    assert private == (licence == "LicenseRef-Proprietary")


def test_every_licence_choice_is_covered() -> None:
    """A new licence choice needs its text here, or the matrix cannot check it."""
    assert set(CHOICES["license"]) == set(LICENCE_TEXT)


def test_forwarder_files_follow_the_answer(rendered: tuple[Path, dict[str, Any]]) -> None:
    """Forwarder, the chosen vendor's sink alone, their tests and docs: only when chosen."""
    project, answers = rendered
    choice = answers.get("analytics_forwarder", DEFAULTS["analytics_forwarder"])
    forwarding = choice != "none"
    analytics = project / "src" / "acme_beta" / "analytics"
    assert (analytics / "forwarder.py").exists() == forwarding
    assert (project / "tests" / "analytics" / "test_forwarder.py").exists() == forwarding
    assert (project / "docs" / "analytics" / "forwarding.md").exists() == forwarding
    assert ("analytics/forwarding.md" in (project / "mkdocs.yml").read_text()) == forwarding
    config = (analytics.parent / "config.py").read_text()
    assert ("analytics_sink_url" in config) == forwarding
    vendors = [vendor for vendor in CHOICES["analytics_forwarder"] if vendor != "none"]
    for vendor in vendors:
        assert (analytics / "sinks" / f"{vendor}.py").exists() == (choice == vendor)
        test_file = project / "tests" / "analytics" / "sinks" / f"test_{vendor}.py"
        assert test_file.exists() == (choice == vendor)
    if forwarding:
        assert f"from .{choice} import SINK" in (analytics / "sinks" / "__init__.py").read_text()
        forwarder = (analytics / "forwarder.py").read_text().lower()
        assert not [vendor for vendor in vendors if vendor in forwarder]  # no vendor in the core


@pytest.fixture(scope="module")
def another_render(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One more render with the defaults, to compare generated secrets against."""
    return render(tmp_path_factory.mktemp("another") / "project")


def test_dotenv_has_a_fresh_secret_that_the_answers_never_hold(
    rendered: tuple[Path, dict[str, Any]], another_render: Path
) -> None:
    project, _ = rendered
    secret = _dotenv_secret(project)
    assert len(secret) >= 48
    assert secret not in (project / ".copier-answers.yml").read_text()
    assert _dotenv_secret(another_render) != secret


def _dotenv_secret(project: Path) -> str:
    lines = (project / ".env").read_text().splitlines()
    return next(line.split("=", 1)[1] for line in lines if line.startswith("SECRET_KEY="))


def test_workflow_actions_are_pinned_to_commits(rendered: tuple[Path, dict[str, Any]]) -> None:
    """Every third-party action is pinned to a full commit SHA, with its version beside it;
    the repository's own reusable workflows are called at the running commit (`$/`)."""
    project, _ = rendered
    uses = [
        line.split("uses:", 1)[1].strip()
        for path in (project / ".github" / "workflows").glob("*.yml")
        for line in path.read_text().splitlines()
        if "uses:" in line
    ]
    assert uses
    for use in uses:
        if use.startswith("$/"):  # this repository's own workflow, at the running commit
            assert (project / use.removeprefix("$/")).is_file(), use
            continue
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}  # v\d+(\.\d+)*", use), use


def test_frontend_files_follow_the_answer(rendered: tuple[Path, dict[str, Any]]) -> None:
    """Pages, their templates, static files and browser tests exist only with frontend=pages."""
    project, answers = rendered
    pages = answers.get("frontend", DEFAULTS["frontend"]) == "pages"
    web = project / PAGES
    assert (web / "router.py").exists() == pages
    assert (web / "templates" / "base.html").exists() == pages
    assert (web / "static" / "app.js").exists() == pages
    assert (project / "tests" / "web" / "test_journey.py").exists() == pages
    html = [path for path in project.rglob("*.html") if MAIL_TEMPLATES not in str(path)]
    assert html == [] or pages
    assert ("install_pages(app)" in (web.parent / "main.py").read_text()) == pages
    makefile = (project / "Makefile").read_text()
    assert ("\ne2e: install" in makefile) == pages
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    dependencies = " ".join(pyproject["project"]["dependencies"])
    assert ("python-multipart" in dependencies) == pages
    assert "jinja2" in dependencies  # the e-mail templates need it whatever the front end
    markers = " ".join(pyproject["tool"]["pytest"]["ini_options"]["markers"])
    assert ("e2e:" in markers) == pages
    assert "load:" in markers
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    assert ("e2e" in workflow["jobs"]) == pages
    nav = (project / "mkdocs.yml").read_text()
    assert ("frontend.md" in nav) == pages == (project / "docs" / "frontend.md").exists()
    # The pages' Jinja2 is for run time: Copier must have copied it without rendering a byte.
    for source in PAGES_SOURCE.rglob("*.html"):
        copied = web / source.relative_to(PAGES_SOURCE)
        assert not pages or copied.read_bytes() == source.read_bytes(), copied


def test_agents_md_is_what_its_script_writes(rendered: tuple[Path, dict[str, Any]]) -> None:
    """AGENTS.md is rendered by Copier, yet a generated project's docs-check compares it with
    what scripts/agents_md.py writes from the Makefile and the docs: in every render they agree.
    """
    project, _answers = rendered
    result = subprocess.run(
        [sys.executable, "scripts/agents_md.py", "--check"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (
        "template/AGENTS.md.jinja is stale: render a project, run `python scripts/agents_md.py` "
        "in it and bring its AGENTS.md back into the template"
    )


def test_error_tracking_files_follow_the_answer(rendered: tuple[Path, dict[str, Any]]) -> None:
    """With Sentry: its module, test, docs, dependency and secret; with none, no trace of it."""
    project, answers = rendered
    sentry = answers.get("error_tracking", DEFAULTS["error_tracking"]) == "sentry"
    package = project / "src" / "acme_beta"
    assert (package / "error_tracking.py").exists() == sentry
    assert (project / "tests" / "test_error_tracking.py").exists() == sentry
    assert (project / "docs" / "error-tracking.md").exists() == sentry
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert ("sentry-sdk[fastapi]>=2.75" in pyproject["project"]["dependencies"]) == sentry
    if (project / "infra").is_dir():  # deployment=aws
        for environment in ("staging", "production"):
            main_tf = (project / "infra" / "envs" / environment / "main.tf").read_text()
            assert ('"SENTRY_DSN"' in main_tf) == sentry
        deploy = (project / ".github" / "workflows" / "deploy.yml").read_text()
        assert ('--build-arg RELEASE="${IMAGE_TAG}"' in deploy) == sentry
    if not sentry:
        mentions = [
            path.relative_to(project)
            for path in project.rglob("*")
            if path.is_file() and "sentry" in path.read_text(errors="replace").lower()
        ]
        assert mentions == []


def test_the_rds_ca_bundle_follows_the_deployment(rendered: tuple[Path, dict[str, Any]]) -> None:
    """On AWS the image carries the RDS root CAs where DATABASE_URL's sslrootcert names them;
    with deployment=none there is no bundle and the Dockerfile copies none."""
    project, answers = rendered
    aws = answers.get("deployment", DEFAULTS["deployment"]) == "aws"
    dockerfile = (project / "Dockerfile").read_text()
    assert (project / "certs" / "rds-ca-bundle.pem").exists() == aws
    assert ("COPY certs ./certs" in dockerfile) == aws
    if aws:
        bundle = TEMPLATE_ROOT / "template" / "certs" / "rds-ca-bundle.pem"
        assert (project / "certs" / "rds-ca-bundle.pem").read_bytes() == bundle.read_bytes()
        assert "WORKDIR /app\n" in dockerfile.split("AS runtime", 1)[1]
        deploy = (project / "docs" / "deploy" / "aws.md").read_text()
        assert "sslmode=verify-full&sslrootcert=/app/certs/rds-ca-bundle.pem" in deploy
    else:
        assert not (project / "certs").exists() and "RDS" not in dockerfile
