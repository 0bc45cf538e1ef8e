"""The Jinja filters behind derived names and validators, and the context hook."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from jinja2 import Environment

from .conftest import TEMPLATE_ROOT, render


def _load(name: str) -> ModuleType:
    """Import an extension module by path, as Copier does (extensions/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, TEMPLATE_ROOT / "extensions" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"test_ext_{name}"] = module
    spec.loader.exec_module(module)
    return module


filters = _load("filters")
context = _load("context")


@pytest.mark.parametrize(
    ("value", "slug", "identifier"),
    [
        ("Acme Beta", "acme-beta", "acme_beta"),
        ("  Zeta   Ops!! ", "zeta-ops", "zeta_ops"),
        ("Café Déjà Vu", "cafe-deja-vu", "cafe_deja_vu"),
        ("42 Things", "42-things", "app_42_things"),
        ("acme-beta", "acme-beta", "acme_beta"),
    ],
    ids=["plain", "spaces-and-punctuation", "accents", "leading-digit", "already-a-slug"],
)
def test_derived_names(value: str, slug: str, identifier: str) -> None:
    """Names derive from a project name the way a person would write them by hand."""
    assert filters.slugify(value) == slug
    assert filters.to_identifier(value) == identifier


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


def _environment() -> Environment:
    return Environment(extensions=[filters.FiltersExtension, context.DerivedNamesHook])


# ContextHook only runs for Copier's render contexts, which always carry _copier_conf.
ANSWERS = {"_copier_conf": {}, "project_slug": "zeta-ops", "package_name": "zeta_ops"}


def test_context_hook_derives_names_from_the_answers() -> None:
    """Files see the derived names instead of recomputing them in Jinja."""
    template = _environment().from_string("{{ cli_name }} {{ db_file_name }}")

    assert template.render(ANSWERS) == "zeta-ops zeta_ops.db"


def test_context_hook_waits_for_the_answers() -> None:
    """While questions are still being asked (no package_name yet) nothing is derived."""
    template = _environment().from_string("{{ cli_name is defined }}")

    assert template.render({"_copier_conf": {}, "project_slug": "zeta-ops"}) == "False"


def test_dev_secret_is_shared_within_a_run_and_new_for_each_project() -> None:
    """Every file of one project sees the same secret; another project gets its own."""
    environment = _environment()
    secret = environment.from_string("{{ dev_secret_key }}")
    first, again = secret.render(ANSWERS), secret.render(ANSWERS)
    other_project = _environment().from_string("{{ dev_secret_key }}").render(ANSWERS)

    assert first == again
    assert len(first) >= 48
    assert other_project != first


def test_copier_loads_the_extensions_by_path(tmp_path: Path) -> None:
    """Copier loads the hook and the rendered project sees the derived names."""
    project = render(tmp_path / "p", project_name="Zeta Ops")
    cli = (project / "src" / "zeta_ops" / "cli.py").read_text()
    assert "The `zeta-ops` command line" in cli
    assert "var/zeta_ops.db" in (project / ".env.example").read_text()


def _git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, config: str) -> None:
    """The user's git configuration is `config` and nothing else."""
    (tmp_path / "gitconfig").write_text(config)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def _identity() -> str:
    environment = Environment(extensions=[filters.FiltersExtension, context.GitIdentityHook])
    return environment.from_string("{{ git_user_name }}|{{ git_user_email }}").render(
        {"_copier_conf": {}}
    )


def test_the_author_defaults_to_the_users_git_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a person would answer: the name and address git already knows (copier-uv does too)."""
    identity = "[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n"
    _git_identity(monkeypatch, tmp_path, identity)

    assert _identity() == "Ada Lovelace|ada@example.com"
    answers = (render(tmp_path / "p") / ".copier-answers.yml").read_text()
    assert "author_name: Ada Lovelace" in answers
    assert "author_email: ada@example.com" in answers


@pytest.mark.parametrize(
    "config",
    ["", '[user]\n\tname = "Ada \\"the\\" Countess"\n\temail = ada@localhost\n'],
    ids=["no-identity", "identity-the-validators-refuse"],
)
def test_the_author_falls_back_to_the_template_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    """No identity, or one the questions would refuse, never breaks `copier copy --defaults`."""
    _git_identity(monkeypatch, tmp_path, config)

    assert _identity() == "|"
    answers = (render(tmp_path / "p") / ".copier-answers.yml").read_text()
    assert "author_name: Acme Beta founders" in answers
    assert "author_email: founders@example.com" in answers


def test_no_git_means_no_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    assert _identity() == "|"


def test_every_primary_region_has_a_valid_distinct_dr_region() -> None:
    """The default disaster-recovery region is a real region code and never the primary."""
    for primary, dr_region in filters.DR_REGION_FOR.items():
        assert filters.aws_region_problem(primary) == ""
        assert filters.aws_dr_region_problem(dr_region, primary) == ""
    assert filters.dr_region_for("eu-west-1") == "eu-central-1"
    assert filters.dr_region_for("us-east-2") == "us-west-2"
    assert filters.dr_region_for("xx-nowhere-9") == ""


@pytest.mark.parametrize(
    ("value", "primary", "fragment"),
    [
        ("eu-west-1", "eu-west-1", "must differ from aws_region"),
        ("Frankfurt", "eu-west-1", "not an AWS region code"),
        ("", "xx-nowhere-9", "no default is known"),
    ],
    ids=["same-as-primary", "not-a-code", "no-default-known"],
)
def test_bad_dr_regions_are_explained(value: str, primary: str, fragment: str) -> None:
    message = filters.aws_dr_region_problem(value, primary)
    assert "aws_dr_region" in message
    assert fragment in message
