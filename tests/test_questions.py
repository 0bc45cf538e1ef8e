"""Tier 1: every question is well formed, and every validator refuses bad answers clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import QUESTIONS, render


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_question_is_documented(name: str) -> None:
    """Each question has a type, a one-sentence help and a default."""
    spec = QUESTIONS[name]
    assert spec.get("type") in {"str", "bool", "int", "float", "yaml", "json"}
    help_text = spec.get("help", "")
    assert help_text.endswith("."), f"{name}: help should be one full sentence"
    assert help_text.count(". ") == 0, f"{name}: help should be a single sentence"
    assert "default" in spec


BAD_ANSWERS = [
    ("package_name", "class", "is a Python keyword"),
    ("package_name", "json", "shadow the standard-library module"),
    ("package_name", "1abc", "not a valid Python package name"),
    ("package_name", "my-pkg", "not a valid Python package name"),
    ("author_email", "nope", "use the form name@example.com"),
    ("project_slug", "my app", "no spaces"),
    ("project_slug", "x" * 41, "at most 40"),
    ("project_name", "", "must not be empty"),
    ("description", "two\nlines", "single line"),
    ("author_name", "", "must not be empty"),
    ("github_owner", "-acme", "not a GitHub user or organisation name"),
    ("aws_region", "Europe (Ireland)", "use the form eu-west-1"),
    ("license", "GPL-3.0", None),
    ("python_version", "3.9", None),
]


@pytest.mark.parametrize(
    ("question", "value", "message"),
    BAD_ANSWERS,
    ids=[f"{question}={value[:12]!r}" for question, value, _ in BAD_ANSWERS],
)
def test_bad_answer_is_refused(
    tmp_path: Path, question: str, value: str, message: str | None
) -> None:
    """The error names the question and says what is allowed; nothing is generated."""
    destination = tmp_path / "project"
    with pytest.raises(ValueError, match=question) as error:
        render(destination, **{question: value})
    if message:
        assert message in str(error.value)
    assert not (destination / "pyproject.toml").exists()


def test_defaults_chain_from_the_project_name(tmp_path: Path) -> None:
    project = render(tmp_path / "p", project_name="Zeta Ops")
    answers = (project / ".copier-answers.yml").read_text()
    assert "project_slug: zeta-ops" in answers
    assert "package_name: zeta_ops" in answers
    assert "github_owner: zeta-ops" in answers
    assert (project / "src" / "zeta_ops" / "main.py").exists()


def test_explicit_answers_override_derived_defaults(tmp_path: Path) -> None:
    project = render(
        tmp_path / "p", project_name="Zeta Ops", project_slug="zeta", package_name="zeta_core"
    )
    assert (project / "src" / "zeta_core").is_dir()
    assert 'name = "zeta"' in (project / "pyproject.toml").read_text()
    assert 'zeta = "zeta_core.cli:app"' in (project / "pyproject.toml").read_text()
