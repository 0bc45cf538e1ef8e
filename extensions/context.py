"""Derived names the template needs, computed once from the answers.

Copier loads this file by path, so it cannot import its sibling module: a name that needs a
filter reuses the one ``filters.py`` registered on the same Jinja environment.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from typing import Any

from copier_template_extensions import ContextHook


class DerivedNamesHook(ContextHook):
    """Adds names derived from the answers; files use them instead of Jinja arithmetic."""

    def hook(self, context: dict[str, Any]) -> None:
        slug = context.get("project_slug")
        package = context.get("package_name")
        if not slug or not package:  # questions are still being asked: nothing to derive
            return
        # Copier builds a context for every path part and file it renders (about 700 for this
        # template), so the names are derived once per answer pair and then reused.
        key = (slug, package)
        cache: dict[tuple[str, str], dict[str, str]] = self.__dict__.setdefault("_cache", {})
        if key not in cache:
            cache[key] = {
                "cli_name": slug,
                "db_file_name": f"{package}.db",
                # A fresh development secret for .env, made once per run and never stored in
                # the answers file; .env is in _skip_if_exists, so updates keep the team's own.
                "dev_secret_key": secrets.token_urlsafe(48),
            }
        context.update(cache[key])


class GitIdentityHook(ContextHook):
    """Adds ``git_user_name`` and ``git_user_email`` from the user's git configuration.

    The author questions default to them, as a person would answer; a value the questions'
    own validators would refuse, or a machine without git or without an identity, leaves
    them empty and the defaults fall back to the template's own.
    """

    def hook(self, context: dict[str, Any]) -> None:
        # Read once per run: Copier builds a context for every file and path part it renders.
        identity: dict[str, str] | None = self.__dict__.get("_identity")
        if identity is None:
            filters = self.environment.filters
            name = _git_config("user.name")
            email = _git_config("user.email")
            identity = {
                "git_user_name": "" if filters["author_name_problem"](name) else name,
                "git_user_email": "" if filters["email_problem"](email) else email,
            }
            self.__dict__["_identity"] = identity
        context.update(identity)


def _git_config(key: str) -> str:
    """One value of the user's git configuration, or "" when git or the value is missing."""
    git = shutil.which("git")
    if git is None:
        return ""
    try:
        found = subprocess.run(
            [git, "config", "--get", key], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return found.stdout.strip() if found.returncode == 0 else ""
