"""The post-copy hook: git init, uv lock and a first commit, each optional."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hooks import _run, post_copy

from .conftest import TEMPLATE_ROOT

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    destination = tmp_path / "project"
    destination.mkdir()
    (destination / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "0"\nrequires-python = ">=3.11"\ndependencies = []\n'
    )
    return destination


def _git(destination: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=destination, check=True, capture_output=True, text=True
    ).stdout


def test_initialises_locks_and_commits(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh project becomes a repository with one commit naming the template version."""
    post_copy.main(
        ["--project-name", "Demo", "--template-version", "v1.2.3", "--destination", str(project)]
    )

    assert _git(project, "log", "--format=%s").splitlines() == [
        "Generate Demo from copier-mvp v1.2.3"
    ]
    assert (project / "uv.lock").exists()
    assert "uv.lock" in _git(project, "ls-files")
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith("copier-mvp: ") for line in lines)
    assert any("git init ... done" in line for line in lines)
    assert any("uv lock ... done" in line for line in lines)


def test_missing_uv_warns_and_still_commits(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_which = _run.which
    monkeypatch.setattr(_run, "which", lambda name: None if name == "uv" else real_which(name))

    post_copy.main(["--project-name", "Demo", "--destination", str(project)])

    assert "WARNING uv not found" in capsys.readouterr().out
    assert not (project / "uv.lock").exists()
    assert len(_git(project, "log", "--format=%s").splitlines()) == 1


def test_missing_git_warns_and_leaves_a_working_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(_run, "which", lambda name: None)

    assert post_copy.main(["--project-name", "Demo", "--destination", str(project)]) == 0

    out = capsys.readouterr().out
    assert "WARNING git not found" in out
    assert "WARNING uv not found" in out
    assert not (project / ".git").exists()
    assert (project / "pyproject.toml").exists()


def test_existing_repository_is_not_committed_to(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Generating into a repository the user owns leaves the commit to them."""
    _git(project, "init", "--quiet")

    post_copy.main(["--project-name", "Demo", "--destination", str(project)])

    assert "already inside a repository" in capsys.readouterr().out
    assert subprocess.run(["git", "log"], cwd=project, capture_output=True).returncode != 0


def test_failed_uv_lock_is_a_warning(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text("this is not toml")

    assert post_copy.main(["--project-name", "Demo", "--destination", str(project)]) == 0

    assert "WARNING uv lock failed" in capsys.readouterr().out
    assert len(_git(project, "log", "--format=%s").splitlines()) == 1


def test_runs_as_a_script(project: Path) -> None:
    """Copier runs the hook by path, where `hooks` is not on sys.path."""
    result = subprocess.run(
        [sys.executable, str(TEMPLATE_ROOT / "hooks" / "post_copy.py"), "--project-name", "Demo"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**GIT_ENV, "PATH": __import__("os").environ["PATH"]},
    )
    assert result.returncode == 0, result.stderr
    assert "git commit ... done" in result.stdout


def test_run_reports_the_failing_command(tmp_path: Path) -> None:
    with pytest.raises(_run.CommandFailed, match="git rev-parse"):
        _run.run("git", "rev-parse", "--verify", "no-such-ref", cwd=tmp_path)
