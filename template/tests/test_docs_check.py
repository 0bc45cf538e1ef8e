"""The docs completeness check (scripts/docs_check.py): each rule broken on a copy is named."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "docs_check.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_check", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["docs_check"] = module
    spec.loader.exec_module(module)
    return module


check = _load_script()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of what the check reads: docs, make files, rules, alarms, the hooks."""
    # Not Terraform's working folder: after `terraform init` it links the AWS provider (675 MB).
    ignored = shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "__pycache__")
    folders = ("docs", "scripts", "ops/prometheus/rules", "infra/modules/monitoring", ".github")
    for folder in folders:
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=ignored)
    files = ("mkdocs.yml", "Makefile", "README.md", "CHANGELOG.md", "pyproject.toml", "AGENTS.md")
    for name in files:
        shutil.copy(ROOT / name, tmp_path / name)
    for path in ROOT.glob("*.mk"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _gaps(root: Path, pages: dict[str, str] | None = None) -> list[str]:
    hooks = check.load_hooks(root)
    pages = pages if pages is not None else check.load_pages(root, hooks)
    routes = [(method, path) for method, path, _, _ in hooks.served_routes(hooks.build_app())]
    return [str(gap) for gap in check.find_gaps(root, pages, routes, check.cli_commands(root))]


def _pages(root: Path) -> dict[str, str]:
    pages: dict[str, str] = check.load_pages(root, check.load_hooks(root))
    return pages


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_main_exits_1_and_names_the_gap(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command line prints each gap, one a line, and exits 1."""
    _edit(project / "docs" / "adr" / "index.md", "[0003]", "0003")
    assert check.main(["--root", str(project)]) == 1
    output = capsys.readouterr().out
    assert "adr: adr/index.md: 0003-sqlite-default-postgresql-production.md is not in" in output
    assert "docs-check: FAILED" in output


def test_a_route_missing_from_the_api_reference_is_named(project: Path) -> None:
    """A served route without its row in the API reference is a gap, by method and path."""
    pages = _pages(project)
    rows = pages["reference/api.md"].splitlines()
    pages["reference/api.md"] = "\n".join(r for r in rows if "`DELETE` | `/api/v1/items/" not in r)
    assert "route: reference/api.md: DELETE /api/v1/items/{item_id} is not documented" in _gaps(
        project, pages
    )


def test_a_route_without_a_summary_is_named() -> None:
    """A route whose row has an empty summary (no docstring) is a gap."""
    page = "| `GET` | `/metrics` |  |\n"
    gaps = check.route_gaps([("GET", "/metrics")], page)
    assert [str(gap) for gap in gaps] == ["route: reference/api.md: GET /metrics has no summary"]


def test_a_command_missing_or_without_help_is_named() -> None:
    """The command-line reference must list every command with its help."""
    page = "| `app serve` | Serve the API. |\n| `app migrate` |  |\n"
    gaps = [str(gap) for gap in check.command_gaps(["app migrate", "app report daily"], page)]
    assert gaps == [
        "command: reference/cli.md: `app migrate` has no help text",
        "command: reference/cli.md: `app report daily` is not documented",
    ]


def test_every_real_command_is_found(project: Path) -> None:
    """The commands are read from the Typer app, subcommands included."""
    commands = check.cli_commands(project)
    assert any(command.endswith(" serve") for command in commands)
    assert any(command.endswith(" invite import") for command in commands)


def test_an_alert_without_a_runbook_section_is_named(project: Path) -> None:
    """Renaming an alert's section in docs/runbooks/alerts.md leaves the alert undocumented."""
    _edit(project / "docs" / "runbooks" / "alerts.md", "## ApiNotReady", "## Not ready")
    assert "alert: runbooks/alerts.md: ApiNotReady has no runbook section" in _gaps(project)


def test_an_alarm_without_a_runbook_section_is_named(project: Path) -> None:
    """Each CloudWatch alarm of the monitoring module needs its section in deploy/alarms.md."""
    _edit(project / "docs" / "deploy" / "alarms.md", "## db-cpu", "## Database CPU")
    assert "alarm: deploy/alarms.md: db-cpu has no runbook section" in _gaps(project)


def test_alarms_are_read_from_the_map_and_the_single_resources(project: Path) -> None:
    """Both the for_each map's keys and the separate 5xx-rate alarm are found."""
    names = check.alarm_names(project)
    assert {"p95-latency", "db-connections", "http-5xx-rate"} <= set(names)
    shutil.rmtree(project / "infra")
    assert check.alarm_names(project) == []


def test_an_adr_missing_from_the_index_is_named(project: Path) -> None:
    """A record file that docs/adr/index.md does not link is a gap."""
    (project / "docs" / "adr" / "0099-use-a-queue.md").write_text("# 99. Use a queue\n\nText.\n")
    assert "adr: adr/index.md: 0099-use-a-queue.md is not in the index" in _gaps(project)


def test_an_undocumented_make_target_is_named(project: Path) -> None:
    """A target with `## ` help that no page and not the README mentions is a gap."""
    with (project / "Makefile").open("a") as makefile:
        makefile.write("\nseed: ## Load demo data\n\techo seed\n")
    assert "make: Makefile: `make seed` is in no page and not in README.md" in _gaps(project)


def test_a_target_counts_only_where_it_is_written_as_a_command(tmp_path: Path) -> None:
    """`make -j2 test lint` documents lint; prose such as "make sure the seed" does not."""
    (tmp_path / "Makefile").write_text("lint: ## Lint\n\ttrue\nseed: ## Seed\n\ttrue\n")
    pages = {"index.md": "Run `make -j2 test lint`.\n\nMake sure the seed is fresh.\n"}
    gaps = [str(gap) for gap in check.make_gaps(tmp_path, pages)]
    assert gaps == ["make: Makefile: `make seed` is in no page and not in README.md"]


def test_a_dead_link_and_a_missing_anchor_are_named(project: Path) -> None:
    """Links to a page or an anchor that does not exist are gaps, with their line."""
    with (project / "docs" / "security.md").open("a") as page:
        page.write("\nSee [the plan](missing.md) and [the tests](testing.md#nowhere).\n")
    gaps = _gaps(project)
    assert any(g.startswith("link: security.md:") and "missing.md points to a missing page" in g
               for g in gaps)  # fmt: skip
    assert any("testing.md#nowhere points to a missing anchor" in g for g in gaps)


def test_links_resolve_relative_to_the_page_and_to_generated_anchors() -> None:
    """../ links and anchors of headings with code and punctuation resolve as MkDocs does."""
    pages = {
        "runbooks/a.md": "# A\n\n[b](../b.md#the-readyz-check-503) [self](#a) [web](https://x.org)\n",
        "b.md": "# B\n\n## The `/readyz` check: 503\n\nText.\n",
    }
    assert check.link_gaps(pages) == []


def test_placeholders_and_empty_sections_are_named(project: Path) -> None:
    """TODO, TBD and lorem in prose, and headings with nothing under them, are gaps."""
    with (project / "docs" / "testing.md").open("a") as page:
        page.write("\n## Plans\n\nTBD\n\n## Empty\n\n## Also empty\n")
    gaps = [gap for gap in _gaps(project) if gap.startswith("placeholder: testing.md")]
    assert len(gaps) == 3, gaps
    assert any("'TBD'" in gap for gap in gaps)
    assert any("section 'Empty' is empty" in gap for gap in gaps)
    assert any("section 'Also empty' is empty" in gap for gap in gaps)


def test_code_is_not_mistaken_for_placeholders_or_headings() -> None:
    """`TODO` in code, a # comment in a code block, and a heading with subsections pass."""
    page = "# Title\n\n## Section\n\n### Sub\n\nSearch for `TODO`.\n\n```bash\n# a comment\n```\n"
    assert check.placeholder_gaps({"page.md": page}) == []


def test_a_page_missing_from_the_nav_is_named(project: Path) -> None:
    """Every page, written or generated, is in the nav of mkdocs.yml."""
    (project / "docs" / "glossary.md").write_text("# Glossary\n\nWords.\n")
    assert "nav: mkdocs.yml: glossary.md is not in the nav" in _gaps(project)


def test_a_gate_missing_from_the_pull_request_checklist_is_named(project: Path) -> None:
    """Every gate of `make gates` is a box to tick in the pull-request template."""
    assert "security" in check.gate_names(project)
    assert not [gap for gap in _gaps(project) if gap.startswith("checklist")]

    _edit(project / ".github" / "pull_request_template.md", "- [ ] **security**", "- security")

    gap = "checklist: .github/pull_request_template.md: no `- [ ] **security**` line"
    assert gap in _gaps(project)


def test_agents_md_goes_stale_when_a_fact_it_repeats_changes(project: Path) -> None:
    """AGENTS.md repeats the code standards: changing them without `make agents` is a gap."""
    assert not [gap for gap in _gaps(project) if gap.startswith("agents")]
    _edit(project / "docs" / "code-standards.md", "Files stay small", "Files stay short")
    assert "agents: AGENTS.md: is stale: run `make agents`" in _gaps(project)

    agents = _load_agents_script()
    assert agents.main(["--root", str(project)]) == 0
    assert "Files stay short" in (project / "AGENTS.md").read_text()
    assert not [gap for gap in _gaps(project) if gap.startswith("agents")]


def test_agents_md_links_work_from_the_root(project: Path) -> None:
    """Links copied from docs/ pages are rewritten to start at docs/; web links are kept."""
    agents = _load_agents_script()
    text = "[Alerts](runbooks/alerts.md) [site](https://example.com) [top](#top)"
    assert agents.from_docs(text) == (
        "[Alerts](docs/runbooks/alerts.md) [site](https://example.com) [top](#top)"
    )


def _load_agents_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("agents_md", ROOT / "scripts" / "agents_md.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
