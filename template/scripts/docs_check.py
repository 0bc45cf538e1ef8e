"""`make docs-check`: the documentation covers the whole project, or the gap is named.

    uv run python scripts/docs_check.py

Reads the pages under docs/ and the pages `scripts/docs_hooks.py` generates at build time,
and fails, one line per gap, when:

- route:       a route the app serves is not a row of the API reference, or has no summary;
- command:     a command of the command line is missing from its reference, or has no help;
- alert:       a Prometheus alert (ops/prometheus/rules/*.yml) has no section in
               docs/runbooks/alerts.md;
- alarm:       a CloudWatch alarm (infra/modules/monitoring/main.tf) has no section in
               docs/deploy/alarms.md;
- adr:         a record in docs/adr/ is not linked from docs/adr/index.md;
- make:        a make target with `## ` help is in no page and not in README.md;
- placeholder: a page holds TODO, TBD or lorem, or a heading with nothing under it;
- generated:   docs/analytics/tracking-plan.md or its JSON Schema beside it is not what
               `analytics docs` or `analytics schema` prints;
- checklist:   a gate of `make gates` is not ticked off in .github/pull_request_template.md;
- agents:      AGENTS.md is not what scripts/agents_md.py writes (`make agents`).

Dead links, missing anchors and pages outside the nav are MkDocs' own checks (`validation:`
in mkdocs.yml), which fail `mkdocs build --strict`, the docs gate's other half.

Exit status 0 when there is no gap, 1 otherwise.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import importlib.util
import posixpath
import re
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from typer.main import get_command

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME)\b|\b[Ll]orem\b")
INLINE_CODE = re.compile(r"`[^`]*`")
TABLE_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|([^|]*)\|", re.MULTILINE)
CLI_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|([^|]*)\|", re.MULTILINE)


@dataclass(frozen=True, order=True)
class Gap:
    rule: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.where}: {self.what}"


def load_script(root: Path, name: str) -> ModuleType:
    """scripts/<name>.py of the project at `root`, loaded by its path."""
    path = root / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_hooks(root: Path) -> ModuleType:
    """scripts/docs_hooks.py, the module that renders the generated pages."""
    return load_script(root, "docs_hooks")


# AGENTS.md's writer also reads the Makefile's documented targets: one definition of them.
AGENTS_MD = load_script(ROOT, "agents_md")


def load_pages(root: Path, hooks: ModuleType) -> dict[str, str]:
    """Every page of the site by its path under docs/: the written ones and the generated."""
    docs = root / "docs"
    pages = {path.relative_to(docs).as_posix(): path.read_text() for path in docs.rglob("*.md")}
    for name, build in hooks.GENERATED.items():
        pages[name] = build()
    return pages


# ------------------------------------------------------------------ reading Markdown
def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) outside fenced code blocks."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def code_text(text: str) -> str:
    """The inline code spans and fenced blocks of a page, where commands are written."""
    spans = INLINE_CODE.findall(text)
    prose = {number for number, _ in prose_lines(text)}
    fenced = [line for number, line in enumerate(text.splitlines(), 1) if number not in prose]
    return "\n".join([*spans, *fenced])


def headings(text: str) -> list[tuple[int, int, str]]:
    """(line number, level, text) of every heading outside code blocks."""
    found = []
    for number, line in prose_lines(text):
        match = HEADING.match(line)
        if match:
            found.append((number, len(match.group(1)), match.group(2)))
    return found


def section_titles(text: str, level: int = 2) -> set[str]:
    return {title.strip("` ") for _, depth, title in headings(text) if depth == level}


# ------------------------------------------------------------------ the rules
def route_gaps(routes: list[tuple[str, str]], api_page: str) -> list[Gap]:
    """Every (method, path) the app serves is a row of the API reference with a summary."""
    rows = {(m.upper(), p): summary.strip() for m, p, summary in TABLE_ROW.findall(api_page)}
    gaps = []
    for method, path in routes:
        if (method, path) not in rows:
            gaps.append(Gap("route", "reference/api.md", f"{method} {path} is not documented"))
        elif not rows[(method, path)]:
            gaps.append(Gap("route", "reference/api.md", f"{method} {path} has no summary"))
    return gaps


def entry_point(root: Path) -> tuple[str, str]:
    """The command line's name and its `module:app` target, from pyproject.toml."""
    scripts = tomllib.loads((root / "pyproject.toml").read_text())["project"]["scripts"]
    name, target = next(iter(scripts.items()))
    return name, target


def cli_commands(root: Path) -> list[str]:
    """Every runnable command of the command line, read from the Typer app itself."""
    name, target = entry_point(root)
    module = importlib.import_module(target.split(":")[0])
    pending: list[tuple[str, Any]] = [(name, get_command(module.app))]
    found = []
    while pending:
        prefix, command = pending.pop()
        children = getattr(command, "commands", None)
        if children:
            pending += [(f"{prefix} {child}", sub) for child, sub in children.items()]
        else:
            found.append(prefix)
    return sorted(found)


def command_gaps(commands: list[str], cli_page: str) -> list[Gap]:
    rows = {command: help_text.strip() for command, help_text in CLI_ROW.findall(cli_page)}
    gaps = []
    for command in commands:
        if command not in rows:
            gaps.append(Gap("command", "reference/cli.md", f"`{command}` is not documented"))
        elif not rows[command]:
            gaps.append(Gap("command", "reference/cli.md", f"`{command}` has no help text"))
    return gaps


def alert_names(root: Path) -> list[str]:
    names = []
    for path in sorted((root / "ops" / "prometheus" / "rules").glob("*.yml")):
        for group in yaml.safe_load(path.read_text()).get("groups", []):
            names += [rule["alert"] for rule in group.get("rules", []) if "alert" in rule]
    return names


def runbook_gaps(rule: str, runbook: str, names: list[str], pages: dict[str, str]) -> list[Gap]:
    """Each alert or alarm in `names` needs a `## <name>` section in the runbook page."""
    sections = section_titles(pages.get(runbook, ""))
    return [Gap(rule, runbook, f"{name} has no runbook section") for name in names
            if name not in sections]  # fmt: skip


def alarm_names(root: Path) -> list[str]:
    """The alarms of the monitoring module, named as their runbook anchors are."""
    path = root / "infra" / "modules" / "monitoring" / "main.tf"
    if not path.exists():
        return []
    text = path.read_text()
    names = []
    block = re.search(r"^  alarms = \{\n(.*?)^  \}", text, re.MULTILINE | re.DOTALL)
    if block:
        names += re.findall(r"^    (\w+) = \{", block.group(1), re.MULTILINE)
    resources = re.findall(r'^resource "aws_cloudwatch_metric_alarm" "(\w+)"', text, re.MULTILINE)
    names += [name for name in resources if name != "this"]
    return [name.replace("_", "-") for name in names]


def adr_gaps(pages: dict[str, str]) -> list[Gap]:
    index = pages.get("adr/index.md", "")
    linked = {posixpath.basename(target.split("#")[0]) for target in LINK.findall(index)}
    return [
        Gap("adr", "adr/index.md", f"{posixpath.basename(name)} is not in the index")
        for name in sorted(pages)
        if re.fullmatch(r"adr/\d{4}-[a-z0-9-]+\.md", name)
        and posixpath.basename(name) not in linked
    ]


def make_targets(root: Path) -> list[str]:
    return [target for target, _help in AGENTS_MD.make_targets(root)]


def make_gaps(root: Path, pages: dict[str, str]) -> list[Gap]:
    readme = root / "README.md"
    texts = [*pages.values(), readme.read_text() if readme.exists() else ""]
    code = "\n".join(code_text(text) for text in texts)
    gaps = []
    for target in make_targets(root):
        # `make test lint` documents both targets; `make -j2 -O infra-check` its target.
        if not re.search(rf"\bmake(?: [-\w./=]+)*? {re.escape(target)}(?![-\w/])", code):
            what = f"`make {target}` is in no page and not in README.md"
            gaps.append(Gap("make", "Makefile", what))
    return gaps


def placeholder_gaps(pages: dict[str, str]) -> list[Gap]:
    gaps = []
    for name, text in sorted(pages.items()):
        for number, line in prose_lines(text):
            match = PLACEHOLDER.search(INLINE_CODE.sub("", line))
            if match:
                gaps.append(Gap("placeholder", f"{name}:{number}", f"'{match.group(0)}'"))
        # Headings are only found outside code, so any other non-blank line is content.
        content = {number for number, line in enumerate(text.splitlines(), 1) if line.strip()}
        found = headings(text)
        for index, (number, level, title) in enumerate(found):
            following = found[index + 1] if index + 1 < len(found) else None
            end = following[0] if following else len(text.splitlines()) + 1
            body = [n for n in content if number < n < end]
            if not body and (following is None or following[1] <= level):
                gaps.append(Gap("placeholder", f"{name}:{number}", f"section '{title}' is empty"))
    return gaps


def generated_gaps(root: Path) -> list[Gap]:
    """The files written from the tracking plan are what its commands print today."""
    command, target = entry_point(root)
    plan = importlib.import_module(target.split(".")[0] + ".analytics.plan")
    expected = {
        "docs/analytics/tracking-plan.md": ("docs", plan.render_markdown(plan.load_plan())),
        "docs/analytics/tracking-plan.schema.json": ("schema", plan.json_schema()),
    }
    gaps = []
    for name, (subcommand, text) in expected.items():
        path = root / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            run = f"uv run {command} analytics {subcommand} > {name}"
            gaps.append(Gap("generated", name, f"is stale: run `{run}`"))
    return gaps


def gate_names(root: Path) -> list[str]:
    """The gates `make gates` runs, as scripts/gates/cli.py lists them."""
    source = (root / "scripts" / "gates" / "cli.py").read_text()
    found = re.search(r"^GATE_NAMES = (\([^)]*\))", source, re.MULTILINE)
    return list(ast.literal_eval(found.group(1))) if found else []


def checklist_gaps(root: Path) -> list[Gap]:
    template = root / ".github" / "pull_request_template.md"
    text = template.read_text() if template.exists() else ""
    return [
        Gap("checklist", ".github/pull_request_template.md", f"no `- [ ] **{name}**` line")
        for name in gate_names(root)
        if f"- [ ] **{name}**" not in text
    ]


def agents_gaps(root: Path) -> list[Gap]:
    agents = root / "AGENTS.md"
    if agents.exists() and agents.read_text() == AGENTS_MD.render(root):
        return []
    return [Gap("agents", "AGENTS.md", "is stale: run `make agents`")]


def find_gaps(root: Path, pages: dict[str, str], routes: list[tuple[str, str]],
              commands: list[str]) -> list[Gap]:  # fmt: skip
    """Every gap in the documentation of the project at `root`."""
    return [
        *route_gaps(routes, pages.get("reference/api.md", "")),
        *command_gaps(commands, pages.get("reference/cli.md", "")),
        *runbook_gaps("alert", "runbooks/alerts.md", alert_names(root), pages),
        *runbook_gaps("alarm", "deploy/alarms.md", alarm_names(root), pages),
        *adr_gaps(pages),
        *make_gaps(root, pages),
        *placeholder_gaps(pages),
        *generated_gaps(root),
        *checklist_gaps(root),
        *agents_gaps(root),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=ROOT, help="the project to check")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    sys.path.insert(0, str(root / "src"))
    hooks = load_hooks(root)
    pages = load_pages(root, hooks)
    routes = [(method, path) for method, path, _, _ in hooks.served_routes(hooks.build_app())]
    commands = cli_commands(root)
    gaps = find_gaps(root, pages, routes, commands)
    for gap in gaps:
        print(gap)
    counts = ", ".join([
        f"{len(pages)} pages", f"{len(routes)} routes", f"{len(commands)} commands",
        f"{len(alert_names(root))} alerts", f"{len(alarm_names(root))} alarms",
        f"{len(make_targets(root))} make targets",
    ])  # fmt: skip
    if gaps:
        print(f"docs-check: FAILED: {len(gaps)} gap(s) in {counts}")
        return 1
    print(f"docs-check: PASSED: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
