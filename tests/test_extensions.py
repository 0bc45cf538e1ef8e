"""The Jinja filters behind derived names and validators, and the context hook."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from .conftest import TEMPLATE_ROOT, render


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, TEMPLATE_ROOT / "extensions" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"test_ext_{name}"] = module
    spec.loader.exec_module(module)
    return module


filters = _load("filters")


@pytest.mark.parametrize(
    ("value", "slug", "identifier", "class_name"),
    [
        ("Acme Beta", "acme-beta", "acme_beta", "AcmeBeta"),
        ("  Zeta   Ops!! ", "zeta-ops", "zeta_ops", "ZetaOps"),
        ("Café Déjà Vu", "cafe-deja-vu", "cafe_deja_vu", "CafeDejaVu"),
        ("42 Things", "42-things", "app_42_things", "42Things"),
    ],
    ids=["plain", "spaces-and-punctuation", "accents", "leading-digit"],
)
def test_derived_names(value: str, slug: str, identifier: str, class_name: str) -> None:
    """Names derive from a project name the way a person would write them by hand."""
    assert filters.slugify(value) == slug
    assert filters.to_identifier(value) == identifier
    assert filters.to_class_name(value) == class_name


def test_env_prefix_is_upper_snake_case() -> None:
    assert filters.to_env_prefix("acme-beta") == "ACME_BETA_"


@pytest.mark.parametrize(
    ("problem", "value"),
    [
        ("project_name_problem", "Acme Beta"),
        ("project_slug_problem", "acme-beta"),
        ("package_name_problem", "acme_beta"),
        ("description_problem", "A beta for invited users."),
        ("author_name_problem", "Ada Lovelace"),
        ("email_problem", "ada@example.com"),
        ("github_owner_problem", "acme-inc"),
        ("aws_region_problem", "us-gov-west-1"),
    ],
)
def test_good_answers_have_no_problem(problem: str, value: str) -> None:
    assert getattr(filters, problem)(value) == ""


@pytest.mark.parametrize(
    ("problem", "value", "fragment"),
    [
        ("package_name_problem", "class", "keyword"),
        ("package_name_problem", "json", "standard-library"),
        ("package_name_problem", "1abc", "not starting with a digit"),
        ("package_name_problem", "my-pkg", "underscores"),
        ("package_name_problem", "fastapi", "depends on"),
        ("email_problem", "nope", "name@example.com"),
        ("project_slug_problem", "my app", "no spaces"),
        ("project_slug_problem", "My-App", "lowercase"),
        ("project_slug_problem", "a--b", "single"),
        ("aws_region_problem", "europe", "eu-west-1"),
        ("github_owner_problem", "-bad", "hyphens"),
        ("github_owner_problem", "a_b", "hyphens"),
        ("project_name_problem", "", "must not be empty"),
        ("project_name_problem", 'Say "hi"', "quotes"),
        ("description_problem", "two\nlines", "single line"),
    ],
)
def test_bad_answers_are_explained(problem: str, value: str, fragment: str) -> None:
    """Each refusal names the question and says what is allowed."""
    message = getattr(filters, problem)(value)
    question = problem.removesuffix("_problem").replace("email", "author_email")
    assert question in message
    assert fragment in message


def test_context_hook_adds_derived_names(tmp_path: Path) -> None:
    """Copier loads the hook and the rendered project sees the derived names."""
    project = render(tmp_path / "p", project_name="Zeta Ops")
    cli = (project / "src" / "zeta_ops" / "cli.py").read_text()
    assert "The `zeta-ops` command line" in cli
    assert "var/zeta_ops.db" in (project / ".env.example").read_text()
