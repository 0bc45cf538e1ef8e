"""Derived names the template needs, computed once from the answers.

Copier loads this file by path, so it cannot import its sibling module; it reuses the
filters that ``filters.py`` registered on the same Jinja environment instead.
"""

from __future__ import annotations

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
