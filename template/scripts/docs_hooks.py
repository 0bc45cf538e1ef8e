"""MkDocs hooks: reference pages generated from the code at build time, so they cannot drift.

- reference/api.md from the app's own OpenAPI schema;
- reference/data-model.md, an entity-relationship diagram of every model;
- reference/cli.md from the command line's own help;
- reference/kpis.md from kpi/kpis.yaml;
- changelog.md from the project's CHANGELOG.md.

`scripts/docs_check.py` reads the same pages to prove that nothing the project serves or runs
is missing from them.
"""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]
METHODS = ("get", "post", "put", "patch", "delete")


def _scripts() -> dict[str, str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    scripts: dict[str, str] = pyproject["project"]["scripts"]
    return scripts


def _package() -> str:
    return next(iter(_scripts().values())).split(".", 1)[0]


def build_app() -> Any:
    """The app as `create_app` builds it, on an in-memory database."""
    package = _package()
    main = importlib.import_module(f"{package}.main")
    config = importlib.import_module(f"{package}.config")
    settings = config.Settings.model_validate(
        {"database_url": "sqlite:///:memory:", "log_level": "WARNING"}
    )
    return main.create_app(settings)


def served_routes(app: Any) -> list[tuple[str, str, bool, Any]]:
    """(method, path, in the OpenAPI schema, endpoint) for every route the app serves.

    FastAPI's own documentation routes are left out. Included routers are walked whether
    FastAPI lists their routes flat (most versions) or keeps the router (0.16x).
    """
    own = {app.openapi_url, app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url}
    found: list[tuple[str, str, bool, Any]] = []

    def walk(routes: list[Any], prefix: str, in_schema: bool) -> None:
        for route in routes:
            context = getattr(route, "include_context", None)
            if context is not None:
                walk(route.original_router.routes, prefix + context.prefix,
                     in_schema and context.include_in_schema)  # fmt: skip
                continue
            path = prefix + route.path
            if path in own:
                continue
            visible = in_schema and getattr(route, "include_in_schema", True)
            for method in sorted(set(getattr(route, "methods", None) or ()) - {"HEAD"}):
                found.append((method, path, visible, getattr(route, "endpoint", None)))

    walk(app.routes, "", True)
    return found


def api_reference() -> str:
    app = build_app()
    schema: dict[str, Any] = app.openapi()
    lines = [
        "# API reference",
        "",
        f"Generated from the OpenAPI schema of version {schema['info']['version']} at build time;",
        "the interactive version is served at `/docs` (off in production unless `API_DOCS=true`).",
        "Every error uses the body",
        '`{"error": {"code", "message", "details"}}`.',
        "",
        "| Method | Path | Summary | Auth | Responses |",
        "| --- | --- | --- | --- | --- |",
    ]
    for path, operations in schema["paths"].items():
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            security = operation.get("security") or []
            auth = "optional bearer" if {} in security else "bearer" if security else "none"
            codes = ", ".join(sorted(operation.get("responses", {})))
            text = operation.get("description") or operation.get("summary") or ""
            summary = text.split("\n")[0]
            lines.append(f"| `{method.upper()}` | `{path}` | {summary} | {auth} | {codes} |")
    hidden = [route for route in served_routes(app) if not route[2]]
    if hidden:
        lines += [
            "",
            "## Outside the OpenAPI schema",
            "",
            "Served, but left out of the schema (they answer HTML or Prometheus text, not JSON).",
            "",
            "| Method | Path | Summary |",
            "| --- | --- | --- |",
        ]
        for method, path, _, endpoint in hidden:
            summary = (getattr(endpoint, "__doc__", None) or "").strip().split("\n")[0]
            lines.append(f"| `{method}` | `{path}` | {summary} |")
    return "\n".join(lines) + "\n"


def data_model() -> str:
    package = _package()
    models = importlib.import_module(f"{package}.models")
    lines = ["# Data model", "", "Generated from the SQLAlchemy models at build time.", ""]
    lines += ["```mermaid", "erDiagram"]
    for table in models.Base.metadata.sorted_tables:
        lines.append("    " + table.name + " {")
        for column in table.columns:
            kind = type(column.type).__name__.lower()
            key = " PK" if column.primary_key else (" FK" if column.foreign_keys else "")
            lines.append(f"        {kind} {column.name}{key}")
        lines.append("    }")
    for table in models.Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            relation = key.column.table.name + " ||--o" + "{ " + table.name
            lines.append(f'    {relation} : "{key.parent.name}"')
    lines.append("```")
    return "\n".join(lines) + "\n"


def cli_commands() -> list[tuple[str, str]]:
    """(full command, first line of its help) for every command the command line runs."""
    from typer.main import get_command  # noqa: PLC0415

    cli = importlib.import_module(f"{_package()}.cli")
    found: list[tuple[str, str]] = []

    def walk(command: Any, prefix: str) -> None:
        subcommands = getattr(command, "commands", {})
        if not subcommands:
            found.append((prefix, (command.help or "").strip().split("\n")[0]))
            return
        for name, sub in sorted(subcommands.items()):
            walk(sub, f"{prefix} {name}")

    walk(get_command(cli.app), next(iter(_scripts())))
    return found


def cli_reference() -> str:
    lines = ["# Command line", "", "Generated from the command line's own help at build time.", ""]
    lines += ["| Command | What it does |", "| --- | --- |"]
    lines += [f"| `{name}` | {help_text} |" for name, help_text in cli_commands()]
    return "\n".join(lines) + "\n"


def kpi_reference() -> str:
    kpi = importlib.import_module(f"{_package()}.kpi.queries")
    funnel = importlib.import_module(f"{_package()}.kpi.funnel")
    lines = ["# KPIs", "", "Generated from `kpi/kpis.yaml` at build time.", ""]
    lines += ["| KPI | Definition | Formula | Target |", "| --- | --- | --- | --- |"]
    for definition in kpi.load_definitions().values():
        direction = "at least" if definition.target_direction == "at_least" else "at most"
        target = f"{direction} {definition.target:g} ({definition.unit})"
        name, formula = f"`{definition.name}`", f"`{definition.formula}`"
        lines.append(f"| {name} | {definition.description} | {formula} | {target} |")
    steps = " → ".join(f"`{step}`" for step in funnel.STEPS)
    periods = ", ".join(f"{days}" for days in funnel.PERIODS)
    lines += ["", "## The funnel", "", f"Steps: {steps}; periods of {periods} days ending on D."]
    lines += ["", " ".join((funnel.__doc__ or "").split()), ""]
    return "\n".join(lines) + "\n"


def changelog() -> str:
    return (ROOT / "CHANGELOG.md").read_text()


# Each generated page of the site, by its path under docs/.
GENERATED: dict[str, Callable[[], str]] = {
    "reference/api.md": api_reference,
    "reference/data-model.md": data_model,
    "reference/cli.md": cli_reference,
    "reference/kpis.md": kpi_reference,
    "changelog.md": changelog,
}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, build in GENERATED.items():
        files.append(File.generated(config, path, content=build()))
    return files
