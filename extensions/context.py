"""Derived names the template needs, computed once from the answers.

Copier loads this file by path, so it cannot import its sibling module: a name that needs a
filter reuses the one ``filters.py`` registered on the same Jinja environment.
"""

from __future__ import annotations

import secrets
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
