"""MkDocs hooks: reference pages generated from the code at build time, so they cannot drift.

- reference/api.md from the app's own OpenAPI schema;
- reference/data-model.md, an entity-relationship diagram of every model;
- reference/cli.md from the command line's own help;
- reference/kpis.md from analytics/kpis.yaml.
"""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

METHODS = ("get", "post", "put", "patch", "delete")


def _scripts() -> dict[str, str]:
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    scripts: dict[str, str] = pyproject["project"]["scripts"]
    return scripts


def _package() -> str:
    return next(iter(_scripts().values())).split(".", 1)[0]


def api_reference() -> str:
    package = _package()
    main = importlib.import_module(f"{package}.main")
    config = importlib.import_module(f"{package}.config")
    settings = config.Settings.model_validate(
        {"database_url": "sqlite:///:memory:", "log_level": "WARNING"}
    )
    schema: dict[str, Any] = main.create_app(settings).openapi()
    lines = [
        "# API reference",
        "",
        f"Generated from the OpenAPI schema of version {schema['info']['version']} at build time;",
        "the interactive version is served at `/docs`. Every error uses the body",
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
            auth = "bearer" if operation.get("security") else "none"
            codes = ", ".join(sorted(operation.get("responses", {})))
            text = operation.get("description") or operation.get("summary") or ""
            summary = text.split("\n")[0]
            lines.append(f"| `{method.upper()}` | `{path}` | {summary} | {auth} | {codes} |")
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


def cli_reference() -> str:
    from typer.main import get_command  # noqa: PLC0415

    cli = importlib.import_module(f"{_package()}.cli")
    root = get_command(cli.app)
    lines = ["# Command line", "", "Generated from the command line's own help at build time.", ""]

    def walk(command: Any, prefix: str) -> None:
        subcommands = getattr(command, "commands", {})
        if not subcommands:
            help_text = (command.help or "").strip().split("\n")[0]
            lines.append(f"| `{prefix}` | {help_text} |")
            return
        for name, sub in sorted(subcommands.items()):
            walk(sub, f"{prefix} {name}")

    lines += ["| Command | What it does |", "| --- | --- |"]
    walk(root, next(iter(_scripts())))
    return "\n".join(lines) + "\n"


def kpi_reference() -> str:
    kpi = importlib.import_module(f"{_package()}.analytics.kpi")
    lines = ["# KPIs", "", "Generated from `analytics/kpis.yaml` at build time.", ""]
    lines += ["| KPI | Definition | Formula | Target |", "| --- | --- | --- | --- |"]
    for definition in kpi.load_definitions().values():
        target = f"{definition.target:g}" + (" (ratio)" if definition.unit == "ratio" else "")
        name, formula = f"`{definition.name}`", f"`{definition.formula}`"
        lines.append(f"| {name} | {definition.description} | {formula} | {target} |")
    return "\n".join(lines) + "\n"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages = {
        "reference/api.md": api_reference,
        "reference/data-model.md": data_model,
        "reference/cli.md": cli_reference,
        "reference/kpis.md": kpi_reference,
    }
    for path, build in pages.items():
        files.append(File.generated(config, path, content=build()))
    return files
