"""Tier 3: `copier update` from the previous release to the code under review.

A project is generated at the previous release, a team's usual edits are committed on top, and
the project is updated to the working tree (tagged in a temporary clone). The edits must
survive, conflicts must appear only where the template changed the same lines, the v0.2.0
migration must rewrite the licence answer, and the project's own tests must still pass.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import copier
import pytest
import yaml

from .conftest import python_for
from .helpers import commit_all, git, release_commit, versioned_template

# Slow modules share one xdist group: they run one after another, so the load benchmarks in
# the generated projects never compete with another generated project for the two cores.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("generated-projects")]

PREVIOUS, HEAD = "v0.1.0", "v99.0.0"
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


@pytest.fixture(scope="module")
def template_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    previous_commit = release_commit(PREVIOUS)
    if previous_commit is None:
        pytest.skip(f"no 'Release {PREVIOUS}' commit in this clone's history (shallow clone?)")
    return versioned_template(
        tmp_path_factory.mktemp("template") / "copier-mvp",
        previous=PREVIOUS,
        previous_commit=previous_commit,
        head=HEAD,
    )


@pytest.fixture(scope="module")
def environment() -> dict[str, str]:
    interpreter = python_for("3.12")
    if interpreter is None:
        pytest.skip("no Python 3.12 interpreter for the generated project")
    return {**os.environ, "UV_PYTHON": interpreter, "UV_PYTHON_DOWNLOADS": "never"}


def _copy(template: Path, destination: Path, ref: str, **answers: Any) -> Path:
    copier.run_copy(
        str(template), str(destination), data=answers, vcs_ref=ref,
        defaults=True, unsafe=True, skip_tasks=True, quiet=True,
    )  # fmt: skip
    git(destination, "init", "--quiet", "--initial-branch=main")
    commit_all(destination, f"Generate from {ref}")
    return destination


def _update(project: Path, **answers: Any) -> None:
    copier.run_update(
        str(project), data=answers, vcs_ref=HEAD, defaults=True, overwrite=True,
        unsafe=True, skip_tasks=True, quiet=True, conflict="inline",
    )  # fmt: skip


def _files(project: Path) -> list[Path]:
    skipped = {".git", ".venv", "var"}
    return [p for p in project.rglob("*") if p.is_file() and not skipped & set(p.parts)]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="module")
def updated_project(template_clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = _copy(
        template_clone, tmp_path_factory.mktemp("team") / "project", PREVIOUS,
        license="Proprietary",
    )  # fmt: skip
    src = project / "src" / PACKAGE
    (src / "note").mkdir()
    (src / "note" / "__init__.py").write_text('"""Notes: our real domain."""\n')
    (src / "note" / "models.py").write_text(NOTE_MODEL)
    _edit(
        src / "models.py",
        "from .item.models import Item\n",
        "from .item.models import Item\nfrom .note.models import Note\n",
    )
    _edit(src / "models.py", '"Item", "User"]', '"Item", "Note", "User"]')
    (project / "migrations" / "versions" / "2026-12-01_add_notes.py").write_text(NOTE_MIGRATION)
    (project / "tests" / "note").mkdir()
    (project / "tests" / "note" / "__init__.py").write_text("")
    (project / "tests" / "note" / "test_note.py").write_text(NOTE_TEST)
    _edit(project / "README.md", "## Layout", "## How we work\n\nShip on Tuesdays.\n\n## Layout")
    _edit(project / "README.md", README_LINE_CHANGED_BY_TEMPLATE, "Benchmarks: `make bench`. Ours.")
    _edit(
        project / "pyproject.toml",
        '    "alembic>=1.14",\n',
        '    "alembic>=1.14",\n    "humanize>=4.9",\n',
    )
    (project / "docs" / "adr").mkdir(parents=True, exist_ok=True)
    (project / "docs" / "adr" / "0100-notes-domain.md").write_text(ADR)
    _edit(src / "analytics" / "kpis.yaml", "    target: 5\n", "    target: 12\n")
    (project / ".env").write_text("SECRET_KEY=the-team-keeps-this-one\n")  # ignored by git
    commit_all(project, "Our edits")

    _update(project)
    return project


def test_the_teams_edits_survive(updated_project: Path) -> None:
    project, src = updated_project, updated_project / "src" / PACKAGE
    assert (src / "note" / "models.py").read_text() == NOTE_MODEL
    assert "from .note.models import Note" in (src / "models.py").read_text()
    assert (project / "migrations" / "versions" / "2026-12-01_add_notes.py").exists()
    assert (project / "tests" / "note" / "test_note.py").read_text() == NOTE_TEST
    assert "Ship on Tuesdays." in (project / "README.md").read_text()
    assert '"humanize>=4.9",' in (project / "pyproject.toml").read_text()
    assert (project / "docs" / "adr" / "0100-notes-domain.md").read_text() == ADR
    # The KPI definitions moved to kpi/ in v0.2.0; its migration carries the edit along.
    assert "    target: 12\n" in (src / "kpi" / "kpis.yaml").read_text()
    assert not (src / "analytics" / "kpis.yaml").exists()
    assert not (project / ".copier-mvp-kpis.yaml").exists()
    assert (project / ".env").read_text() == "SECRET_KEY=the-team-keeps-this-one\n"


def test_the_update_reached_the_new_version(updated_project: Path) -> None:
    answers = yaml.safe_load((updated_project / ".copier-answers.yml").read_text())
    assert answers["_commit"] == HEAD
    # The v0.2.0 migration rewrote the old answer, and the new template used it.
    assert answers["license"] == "LicenseRef-Proprietary"
    assert 'license = "LicenseRef-Proprietary"' in (updated_project / "pyproject.toml").read_text()
    assert "\nupdate: " in (updated_project / "Makefile").read_text()


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


def test_the_project_still_passes_its_tests(
    updated_project: Path, environment: dict[str, str]
) -> None:
    readme = updated_project / "README.md"
    # Resolve the one conflict the way a team would: keep their line.
    resolved = re.sub(
        r"<<<<<<< [^\n]*\n(.*?)=======\n.*?>>>>>>> [^\n]*\n", r"\1", readme.read_text(), flags=re.S
    )
    readme.write_text(resolved)
    result = subprocess.run(
        ["make", "test"], cwd=updated_project, env=environment, capture_output=True, text=True,
        timeout=900, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "tests/note/test_note.py" in output


def test_a_deleted_example_domain_is_not_resurrected(template_clone: Path, tmp_path: Path) -> None:
    project = _copy(template_clone, tmp_path / "project", PREVIOUS)
    for folder in (project / "src" / PACKAGE / "item", project / "tests" / "item"):
        git(project, "rm", "-r", "--quiet", str(folder))
    commit_all(project, "Replace the example domain")

    _update(project)

    assert not (project / "src" / PACKAGE / "item").exists()
    assert not (project / "tests" / "item").exists()


def test_switching_the_forwarder_adds_and_removes_its_files(
    template_clone: Path, tmp_path: Path
) -> None:
    project = _copy(template_clone, tmp_path / "project", HEAD)
    forwarder = project / "src" / PACKAGE / "analytics" / "forwarder.py"
    assert not forwarder.exists()

    _update(project, analytics_forwarder="posthog")
    assert '"uuid": event.event_id' in forwarder.read_text()
    assert (project / "tests" / "analytics" / "test_forwarder.py").exists()
    commit_all(project, "Forward to PostHog")

    _update(project, analytics_forwarder="none")
    assert not forwarder.exists()
    assert not (project / "tests" / "analytics" / "test_forwarder.py").exists()
    assert "analytics_sink_url" not in (project / "src" / PACKAGE / "config.py").read_text()


def test_recopy_reapplies_the_template_and_keeps_the_teams_own_files(
    template_clone: Path, tmp_path: Path
) -> None:
    """As documented: template files return to the template's text; other files stay."""
    project = _copy(template_clone, tmp_path / "project", HEAD)
    (project / "README.md").write_text("# Rewritten by the team\n")
    (project / "docs" / "adr").mkdir(parents=True, exist_ok=True)
    (project / "docs" / "adr" / "0100-notes-domain.md").write_text(ADR)
    (project / ".env").write_text("SECRET_KEY=kept\n")
    commit_all(project, "Edits")

    copier.run_recopy(
        str(project), vcs_ref=HEAD, defaults=True, overwrite=True, unsafe=True,
        skip_tasks=True, quiet=True,
    )  # fmt: skip

    assert (project / "README.md").read_text().startswith("# Acme Beta")
    assert (project / "docs" / "adr" / "0100-notes-domain.md").read_text() == ADR
    assert (project / ".env").read_text() == "SECRET_KEY=kept\n"
