"""Derived names the template needs, computed once from the answers.

Copier loads this file by path, so it cannot import its sibling module; it reuses the
filters that ``filters.py`` registered on the same Jinja environment instead.
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
        filters = self.environment.filters
        context["class_prefix"] = filters["to_class_name"](slug)
        context["env_prefix"] = filters["to_env_prefix"](slug)
        context["cli_name"] = slug
        context["db_file_name"] = f"{package}.db"
        # A fresh development secret for .env, made once per run and never stored in the answers
        # file; .env is in _skip_if_exists, so an update never replaces the team's own.
        if not hasattr(self, "_dev_secret_key"):
            self._dev_secret_key = secrets.token_urlsafe(48)
        context["dev_secret_key"] = self._dev_secret_key
