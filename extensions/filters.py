"""Jinja filters for copier-mvp: pure functions, registered by one Extension.

The ``*_problem`` filters back the validators in ``copier.yml``: each returns an empty
string for a good answer and otherwise one sentence that says what is wrong and what
is allowed (Copier shows any non-empty validator output as the error).
"""

from __future__ import annotations

import keyword
import re
import sys
import unicodedata

from jinja2 import Environment
from jinja2.ext import Extension

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
IDENTIFIER_PATTERN = re.compile(r"^[a-z_][a-z0-9_]*$")
# A deliberately small e-mail check: one "@", no spaces, a dot in the domain.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# GitHub: alphanumerics and single hyphens, not at either end, at most 39 characters.
GITHUB_OWNER_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
# AWS commercial and GovCloud regions, for example eu-west-1 or us-gov-west-1.
AWS_REGION_PATTERN = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-[0-9]$")
MAX_NAME_LENGTH = 50
MAX_SLUG_LENGTH = 40  # leaves room for suffixes in AWS names limited to 63 characters
MAX_DESCRIPTION_LENGTH = 200

# Names that would shadow an import the generated project relies on.
RESERVED_PACKAGE_NAMES = frozenset(
    {"alembic", "app", "fastapi", "pydantic", "sqlalchemy", "starlette", "tests", "typer"}
)


def slugify(value: str) -> str:
    """Lowercase ASCII words joined by single hyphens: "Acme Beta!" -> "acme-beta"."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)


def to_identifier(value: str) -> str:
    """A Python identifier from a slug or name: "acme-beta" -> "acme_beta"."""
    identifier = slugify(value).replace("-", "_")
    if identifier and identifier[0].isdigit():
        identifier = f"app_{identifier}"
    return identifier


def project_name_problem(value: str) -> str:
    if not value.strip():
        return "project_name must not be empty: give the product's name, for example 'Acme Beta'."
    if len(value) > MAX_NAME_LENGTH:
        return (
            f"project_name is {len(value)} characters long: at most {MAX_NAME_LENGTH} are allowed."
        )
    if not slugify(value) or not slugify(value)[0].isalpha():
        return "project_name must start with a letter (A-Z), for example 'Acme Beta'."
    if any(character in value for character in "\"'\\`\n"):
        return "project_name must not contain quotes, backslashes, backticks or line breaks."
    return ""


def project_slug_problem(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        return (
            f"project_slug {value!r} is not allowed: use lowercase letters, digits and single "
            "hyphens, starting with a letter (for example 'acme-beta'); no spaces or underscores."
        )
    if len(value) > MAX_SLUG_LENGTH:
        return (
            f"project_slug is {len(value)} characters long: at most {MAX_SLUG_LENGTH} are allowed."
        )
    return ""


def package_name_problem(value: str) -> str:
    if not IDENTIFIER_PATTERN.match(value):
        return (
            f"package_name {value!r} is not a valid Python package name: use lowercase letters, "
            "digits and underscores, not starting with a digit (for example 'acme_beta')."
        )
    if keyword.iskeyword(value) or keyword.issoftkeyword(value):
        return (
            f"package_name {value!r} is a Python keyword: choose another name, e.g. '{value}_app'."
        )
    if value in sys.stdlib_module_names:
        return (
            f"package_name {value!r} would shadow the standard-library module of the same name: "
            f"choose another name, e.g. '{value}_app'."
        )
    if value in RESERVED_PACKAGE_NAMES:
        return (
            f"package_name {value!r} would shadow a package the project depends on: "
            f"choose another name, e.g. '{value}_service'."
        )
    return ""


def description_problem(value: str) -> str:
    if not value.strip():
        return "description must not be empty: say in one sentence what the product does."
    if "\n" in value:
        return "description must be a single line."
    if len(value) > MAX_DESCRIPTION_LENGTH:
        return (
            f"description is {len(value)} characters long: "
            f"at most {MAX_DESCRIPTION_LENGTH} are allowed."
        )
    if any(character in value for character in '"\\`'):
        return "description must not contain double quotes, backslashes or backticks."
    return ""


def author_name_problem(value: str) -> str:
    if not value.strip():
        return "author_name must not be empty: give a person's or a company's name."
    if any(character in value for character in '"\\`\n<>'):
        return (
            "author_name must not contain double quotes, backslashes, backticks, "
            "'<', '>' or line breaks."
        )
    return ""


def email_problem(value: str) -> str:
    if not EMAIL_PATTERN.match(value):
        return f"author_email {value!r} is not an e-mail address: use the form name@example.com."
    return ""


def github_owner_problem(value: str) -> str:
    if not GITHUB_OWNER_PATTERN.match(value):
        return (
            f"github_owner {value!r} is not a GitHub user or organisation name: use letters, "
            "digits and single hyphens (not at the start or end), at most 39 characters."
        )
    return ""


def aws_region_problem(value: str) -> str:
    if not AWS_REGION_PATTERN.match(value):
        return (
            f"aws_region {value!r} is not an AWS region code: use the form eu-west-1, "
            "us-east-2 or us-gov-west-1."
        )
    return ""


# The default disaster-recovery region for each primary region: a nearby region, inside the
# same jurisdiction where there is one (EU to EU, US to US, GovCloud to GovCloud), so the
# backup copies stay under the same data-protection rules. Copier asks, so any pair can be set.
DR_REGION_FOR = {
    "us-east-1": "us-west-2", "us-east-2": "us-west-2", "us-west-1": "us-east-2",
    "us-west-2": "us-east-2", "ca-central-1": "ca-west-1", "ca-west-1": "ca-central-1",
    "sa-east-1": "us-east-1", "eu-west-1": "eu-central-1", "eu-west-2": "eu-west-1",
    "eu-west-3": "eu-central-1", "eu-central-1": "eu-west-1", "eu-central-2": "eu-central-1",
    "eu-north-1": "eu-central-1", "eu-south-1": "eu-central-1", "eu-south-2": "eu-west-3",
    "ap-northeast-1": "ap-northeast-3", "ap-northeast-3": "ap-northeast-1",
    "ap-northeast-2": "ap-northeast-1", "ap-southeast-1": "ap-southeast-3",
    "ap-southeast-2": "ap-southeast-4", "ap-southeast-4": "ap-southeast-2",
    "ap-south-1": "ap-south-2", "ap-south-2": "ap-south-1", "ap-east-1": "ap-southeast-1",
    "me-central-1": "me-south-1", "me-south-1": "me-central-1", "af-south-1": "eu-west-1",
    "il-central-1": "eu-central-1", "us-gov-west-1": "us-gov-east-1",
    "us-gov-east-1": "us-gov-west-1",
}  # fmt: skip


def dr_region_for(region: str) -> str:
    """The default disaster-recovery region for `region`; empty when none is known."""
    return DR_REGION_FOR.get(region, "")


def aws_dr_region_problem(value: str, primary: str) -> str:
    if not value:
        return (
            f"aws_dr_region is empty: no default is known for {primary!r}; give a second region "
            "for the backup copies, e.g. us-west-2."
        )
    if not AWS_REGION_PATTERN.match(value):
        return (
            f"aws_dr_region {value!r} is not an AWS region code: use the form eu-central-1, "
            "us-west-2 or us-gov-east-1."
        )
    if value == primary:
        return (
            f"aws_dr_region must differ from aws_region ({primary}): a backup copy in the same "
            "region is lost with it."
        )
    return ""


FILTERS = {
    function.__name__: function
    for function in (
        slugify,
        to_identifier,
        project_name_problem,
        project_slug_problem,
        package_name_problem,
        description_problem,
        author_name_problem,
        email_problem,
        github_owner_problem,
        aws_region_problem,
        dr_region_for,
        aws_dr_region_problem,
    )
}


class FiltersExtension(Extension):
    """Registers every filter of this module with Copier's Jinja environment."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(FILTERS)
