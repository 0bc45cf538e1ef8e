"""Tier 3: `copier update` from the previous release to the code under review.

A project is generated at the previous release, a team's usual edits are committed on top, and
the project is updated to the working tree (tagged in a temporary clone), switching two
answers on the way as teams do (Segment, Python 3.11: the updated project is also the slow
tier's scenario for those choices). The edits must survive, conflicts must appear only where
the template changed the same lines, the v0.2.0 migration must rewrite the licence answer,
and the project must still pass its own lint and tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import copier
import pytest
import yaml

from .helpers import (
    WITHOUT_FUZZERS,
    build_file_tree,
    edit,
    environment,
    git,
    git_save,
    release_commit,
    run,
    versioned_template,
    without_copier_path_costs,
)

# The module's projects come from one clone of the template: one worker runs them all.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("update"),
]

PREVIOUS, HEAD = "v0.1.0", "v99.0.0"
# The last release whose api.py nested every domain router in one `api_router` (ADR 0018).
ROUTERS_NESTED = "v0.15.0"
# Answers the team changes during the update.
SWITCHED = {"analytics_forwarder": "segment", "python_version": "3.11"}
PACKAGE = "acme_beta"
CONFLICT_MARKERS = re.compile(r"^(<<<<<<< |>>>>>>> |=======$)", re.MULTILINE)
# The README line v0.2.0 rewrites: editing it too must give an inline conflict.
README_LINE_CHANGED_BY_TEMPLATE = (
    "`make bench` runs the benchmarks; `make help` lists every target."
)

NOTE_MODEL = """from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(500))
"""
NOTE_MIGRATION = '''"""Add notes.

Revision ID: 0100_add_notes
Revises: 0002_analytics_events
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0100_add_notes"
down_revision: str | None = "0002_analytics_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_notes_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )


def downgrade() -> None:
    op.drop_table("notes")
'''
NOTE_TEST = f"""from __future__ import annotations

from sqlalchemy.orm import Session

from {PACKAGE}.note.models import Note

from ..factories import make_member


def test_a_note_belongs_to_its_owner(session: Session) -> None:
    owner = make_member(session)
    session.add(Note(owner_id=owner.id, text="hello"))
    session.commit()
    assert session.query(Note).one().owner_id == owner.id
"""
ADR = "# 100. Notes are our core domain\n\nWe replace items with notes.\n"
SRC = f"src/{PACKAGE}"
# A team's usual work on top of the generated project: new files, with their contents ...
TEAM_FILES: dict[str, str] = {
    f"{SRC}/note/__init__.py": '"""Notes: our real domain."""\n',
    f"{SRC}/note/models.py": NOTE_MODEL,
    "migrations/versions/2026-12-01_add_notes.py": NOTE_MIGRATION,
    "tests/note/__init__.py": "",
    "tests/note/test_note.py": NOTE_TEST,
    "docs/adr/0100-notes-domain.md": ADR,
    ".env": "SECRET_KEY=the-team-keeps-this-one\n",  # ignored by git
}
# ... and edits to generated files: (old text, new text), each found exactly once.
TEAM_EDITS: dict[str, list[tuple[str, str]]] = {
    f"{SRC}/models.py": [
        (
            "from .item.models import Item\n",
            "from .item.models import Item\nfrom .note.models import Note\n",
        ),
        ('"Item", "User"]', '"Item", "Note", "User"]'),
    ],
    "README.md": [
        ("## Layout", "## How we work\n\nShip on Tuesdays.\n\n## Layout"),
        (README_LINE_CHANGED_BY_TEMPLATE, "Benchmarks: `make bench`. Ours."),
    ],
    "pyproject.toml": [('    "alembic>=1.14",\n', '    "alembic>=1.14",\n    "humanize>=4.9",\n')],
    f"{SRC}/analytics/kpis.yaml": [("    target: 5\n", "    target: 12\n")],
}
# Files the template moved since the previous release: where the team's edits must end up.
MOVED = {f"{SRC}/analytics/kpis.yaml": f"{SRC}/kpi/kpis.yaml"}


@pytest.fixture(scope="module")
def template_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    previous_commit = release_commit(PREVIOUS)
    if previous_commit is None:
        pytest.skip(f"no 'Release {PREVIOUS}' commit in this clone's history (shallow clone?)")
    clone = versioned_template(
        tmp_path_factory.mktemp("template") / "copier-mvp",
        previous=PREVIOUS,
        previous_commit=previous_commit,
        head=HEAD,
    )
    nested_commit = release_commit(ROUTERS_NESTED)
    if nested_commit is not None:  # a test below starts from it, and skips without it
        git(clone, "tag", ROUTERS_NESTED, nested_commit)
    return clone


def _copy(template: Path, destination: Path, ref: str, **answers: Any) -> Path:
    copier.run_copy(
        str(template), str(destination), data=answers, vcs_ref=ref,
        defaults=True, unsafe=True, skip_tasks=True, quiet=True,
    )  # fmt: skip
    git(destination, "init", "--quiet", "--initial-branch=main")
    git_save(destination, f"Generate from {ref}")
    return destination


def _update(project: Path, **answers: Any) -> None:
    copier.run_update(
        str(project), data=answers, vcs_ref=HEAD, defaults=True, overwrite=True,
        unsafe=True, skip_tasks=True, quiet=True, conflict="inline",
    )  # fmt: skip


def _files(project: Path) -> list[Path]:
    skipped = {".git", ".venv", "var"}
    return [p for p in project.rglob("*") if p.is_file() and not skipped & set(p.parts)]


@pytest.fixture(scope="module")
def updated_project(template_clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _team_project_updated(template_clone, tmp_path_factory.mktemp("team") / "project")


def _team_project_updated(template_clone: Path, destination: Path) -> Path:
    project = _copy(
        template_clone, destination, PREVIOUS,
        license="Proprietary",
    )  # fmt: skip
    build_file_tree(project, TEAM_FILES)
    for relative, replacements in TEAM_EDITS.items():
        for old, new in replacements:
            edit(project / relative, old, new)
    git_save(project, "Our edits")

    _update(project, **SWITCHED)
    return project


def test_the_teams_edits_survive(updated_project: Path) -> None:
    for relative, contents in TEAM_FILES.items():
        assert (updated_project / relative).read_text() == contents, relative
    for relative, replacements in TEAM_EDITS.items():
        text = (updated_project / MOVED.get(relative, relative)).read_text()
        for _, new in replacements:
            assert new in text, f"{new!r} was lost from {relative}"
    # The KPI definitions moved to kpi/ in v0.2.0; its migration carried the edit along.
    assert not (updated_project / SRC / "analytics" / "kpis.yaml").exists()
    assert not (updated_project / ".copier-mvp-kpis.yaml").exists()


def test_the_update_reached_the_new_version(updated_project: Path) -> None:
    answers = yaml.safe_load((updated_project / ".copier-answers.yml").read_text())
    assert answers["_commit"] == HEAD
    assert {name: answers[name] for name in SWITCHED} == SWITCHED
    # The v0.2.0 migration rewrote the old answer, and the new template used it.
    assert answers["license"] == "LicenseRef-Proprietary"
    assert 'license = "LicenseRef-Proprietary"' in (updated_project / "pyproject.toml").read_text()
    assert "\nupdate: " in (updated_project / "Makefile").read_text()
    # aws_profile is new and defaults to beta: the v0.6.0 migration kept production's sizes.
    assert answers["aws_profile"] == "production"
    profile_tf = updated_project / "infra" / "envs" / "production" / "profile.tf"
    assert 'default     = "production"' in profile_tf.read_text()


def test_conflicts_only_where_both_changed_the_same_lines(updated_project: Path) -> None:
    readme = (updated_project / "README.md").read_text()
    assert CONFLICT_MARKERS.search(readme), "the README line both sides changed must conflict"
    assert "Benchmarks: `make bench`. Ours." in readme
    others = [
        path for path in _files(updated_project)
        if path.name != "README.md" and CONFLICT_MARKERS.search(path.read_text(errors="ignore"))
    ]  # fmt: skip
    assert others == []
    assert [path for path in _files(updated_project) if path.suffix == ".rej"] == []


def test_the_project_still_passes_its_lint_and_tests(updated_project: Path) -> None:
    readme = updated_project / "README.md"
    # Resolve the one conflict the way a team would: keep their line.
    resolved = re.sub(
        r"<<<<<<< [^\n]*\n(.*?)=======\n.*?>>>>>>> [^\n]*\n", r"\1", readme.read_text(), flags=re.S
    )
    readme.write_text(resolved)
    env = environment(SWITCHED["python_version"])
    # The template brought migrations after the team's own: both branch from the same revision,
    # and the team joins them as docs/troubleshooting.md says (the merge file must pass lint).
    merge = ["uv", "run", "alembic", "merge", "heads", "-m", "merge the template's migrations"]
    run(*merge, cwd=updated_project, env=env)
    run("make", "lint", cwd=updated_project, env=env)
    output = run("make", "test", cwd=updated_project, env={**env, **WITHOUT_FUZZERS}).output
    # The suite runs on every core (xdist, quiet): ask pytest which of its tests it holds.
    collect = ["uv", "run", "--no-sync", "pytest", "--collect-only", "-q"]
    collected = run(*collect, cwd=updated_project, env=env).output
    assert "tests/note/test_note.py::" in collected, collected[-3000:]
    assert "tests/analytics/sinks/test_segment.py::" in collected, collected[-3000:]
    total = re.search(r"Total coverage: ([0-9.]+)%", output)
    assert total and float(total.group(1)) >= 90, output[-3000:]


@pytest.fixture
def fast_copier() -> Iterator[None]:
    """The team's project above is copied and updated by Copier as released. The tests that
    only ask which files the template adds and removes run without its per-path costs."""
    with without_copier_path_costs():
        yield


@pytest.mark.usefixtures("fast_copier")
def test_a_deleted_example_domain_is_not_resurrected(template_clone: Path, tmp_path: Path) -> None:
    project = _copy(template_clone, tmp_path / "project", PREVIOUS)
    build_file_tree(project, {f"{SRC}/item": None, "tests/item": None})
    git_save(project, "Replace the example domain")

    _update(project)

    assert not (project / "src" / PACKAGE / "item").exists()
    assert not (project / "tests" / "item").exists()


@pytest.mark.usefixtures("fast_copier")
def test_switching_the_forwarder_adds_and_removes_its_files(
    template_clone: Path, tmp_path: Path
) -> None:
    project = _copy(template_clone, tmp_path / "project", HEAD)
    forwarder = project / "src" / PACKAGE / "analytics" / "forwarder.py"
    sinks = forwarder.parent / "sinks"
    assert not forwarder.exists()

    _update(project, analytics_forwarder="posthog")
    assert '"uuid": event.event_id' in (sinks / "posthog.py").read_text()
    assert (project / "tests" / "analytics" / "test_forwarder.py").exists()
    git_save(project, "Forward to PostHog")

    _update(project, analytics_forwarder="segment")
    assert '"messageId": event.event_id' in (sinks / "segment.py").read_text()
    assert not (sinks / "posthog.py").exists()
    git_save(project, "Forward to Segment")

    _update(project, analytics_forwarder="none")
    assert not forwarder.exists()
    assert not sinks.exists()
    assert not (project / "tests" / "analytics" / "test_forwarder.py").exists()
    assert "analytics_sink_url" not in (project / "src" / PACKAGE / "config.py").read_text()


@pytest.mark.usefixtures("fast_copier")
def test_a_domain_added_to_the_api_routers_survives_their_move_into_the_app(
    template_clone: Path, tmp_path: Path
) -> None:
    """A team registers its domain's router in api.py's tuple, as the code standards say; the
    update that made the routers join the app directly (v0.16.0) merges around that line."""
    if ROUTERS_NESTED not in git(template_clone, "tag", "--list").split():
        pytest.skip(f"no 'Release {ROUTERS_NESTED}' commit in this clone's history")
    project = _copy(template_clone, tmp_path / "project", ROUTERS_NESTED)
    api = project / SRC / "api.py"
    item_import = "from .item.router import router as item_router\n"
    edit(api, item_import, item_import + "from .note.router import router as note_router\n")
    edit(api, " item_router,", " item_router, note_router,")
    git_save(project, "Our domain's router")

    _update(project)

    text = api.read_text()
    assert not CONFLICT_MARKERS.search(text), text
    assert "from .note.router import router as note_router\n" in text
    assert " item_router, note_router," in text
    assert "    api_routers.append(router)\n" in text
    assert "api_router." not in text
    assert "prefix=API_PREFIX" in (project / SRC / "main.py").read_text()


def test_recopy_reapplies_the_template_and_keeps_the_teams_own_files(
    template_clone: Path, tmp_path: Path
) -> None:
    """As documented: template files return to the template's text; other files stay."""
    project = _copy(template_clone, tmp_path / "project", HEAD)
    build_file_tree(
        project,
        {
            "README.md": "# Rewritten by the team\n",
            "docs/adr/0100-notes-domain.md": ADR,
            ".env": "SECRET_KEY=kept\n",
        },
    )
    git_save(project, "Edits")

    copier.run_recopy(
        str(project), vcs_ref=HEAD, defaults=True, overwrite=True, unsafe=True,
        skip_tasks=True, quiet=True,
    )  # fmt: skip

    assert (project / "README.md").read_text().startswith("# Acme Beta")
    assert (project / "docs" / "adr" / "0100-notes-domain.md").read_text() == ADR
    assert (project / ".env").read_text() == "SECRET_KEY=kept\n"
