"""Tier 1: every question is well formed, and every validator refuses bad answers clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extensions.filters import slugify, to_identifier

from .conftest import CHOICES, DEFAULT_ANSWERS, DEFAULTS, QUESTIONS, SCENARIOS, asked, render


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
    ("package_name", "fastapi", "shadow a package the project depends on"),
    ("author_email", "nope", "use the form name@example.com"),
    ("project_slug", "my app", "no spaces"),
    ("project_slug", "x" * 41, "at most 40"),
    ("project_name", "", "must not be empty"),
    ("project_name", "1st Product", "must start with a letter"),
    ("project_name", 'Acme "Beta"', "must not contain quotes"),
    ("project_name", "A" * 51, "at most 50"),
    ("description", "two\nlines", "single line"),
    ("description", 'The "best" app.', "must not contain double quotes"),
    ("description", "x" * 201, "at most 200"),
    ("author_name", "", "must not be empty"),
    ("github_owner", "-acme", "not a GitHub user or organisation name"),
    ("github_owner", "acme_labs", "letters, digits and single hyphens"),
    ("aws_region", "Europe (Ireland)", "use the form eu-west-1"),
    ("aws_region", "EU-WEST-1", "not an AWS region code"),
    ("aws_dr_region", "eu-west-1", "must differ from aws_region"),
    ("aws_dr_region", "Frankfurt", "not an AWS region code"),
    ("aws_dr_region", "", "is empty"),
    ("python_version", "3.9", None),
    # Every choice question, read from copier.yml: the message lists the allowed values.
    *[(question, "not-a-choice", None) for question in CHOICES],
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
    with pytest.raises(ValueError, match=f"for (question )?'{question}'") as error:
        render(destination, **{question: value})
    allowed = [message] if message else [repr(choice) for choice in CHOICES[question]]
    for fragment in allowed:
        assert fragment in str(error.value)
    assert not (destination / "pyproject.toml").exists()


def test_every_validated_question_has_a_bad_answer_above() -> None:
    """A new validator or choice in copier.yml needs a refused answer in BAD_ANSWERS."""
    checked = {name for name, spec in QUESTIONS.items() if "validator" in spec or "choices" in spec}
    assert checked <= {question for question, _, _ in BAD_ANSWERS}


GOOD_ANSWERS = {
    "project_name": "Zeta Ops 2",
    "project_slug": "zeta-ops-2",
    "package_name": "zeta_core",
    "description": "Operations tooling for teams that run many services, in one place.",
    "author_name": "Zeta Labs Ltd.",
    "author_email": "hello@zeta.example",
    "github_owner": "Zeta-Labs",
    "aws_region": "ap-southeast-2",
    "aws_dr_region": "ap-southeast-1",  # not the derived default (ap-southeast-4)
}


def test_good_non_default_answers_are_accepted(tmp_path: Path) -> None:
    """Valid answers that differ from every default are generated and recorded as given."""
    other_choices = {
        question: next(value for value in values if value != DEFAULTS[question])
        for question, values in CHOICES.items()
    }
    # deployment=none hides the AWS regions, whose good answers are checked with AWS below.
    answers = {**GOOD_ANSWERS, **other_choices}
    assert set(answers) == set(QUESTIONS), "give every question a good non-default answer here"

    for given in (answers, {**answers, "deployment": "aws"}):
        project = render(tmp_path / given["deployment"], **given)

        recorded = yaml.safe_load((project / ".copier-answers.yml").read_text())
        expected = {question: given[question] for question in asked(given)}
        assert {question: recorded.get(question) for question in expected} == expected
        assert set(recorded) - {"_commit", "_src_path"} == asked(given)
    assert (project / "src" / "zeta_core" / "main.py").exists()


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


def test_the_every_non_default_scenario_answers_every_question() -> None:
    """The slow tier's scenario sets each question, and none to its default (derived included)."""
    answers = SCENARIOS["every-non-default"]
    assert set(answers) == asked(answers)
    assert asked(answers) < set(QUESTIONS), "deployment=none hides the AWS regions"
    assert not {name for name, value in answers.items() if value == DEFAULT_ANSWERS[name]}
    # Nor what the derived defaults would give for its own earlier answers.
    assert answers["project_slug"] != slugify(answers["project_name"])
    assert answers["package_name"] != to_identifier(answers["project_slug"])
