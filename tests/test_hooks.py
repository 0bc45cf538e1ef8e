"""The post-copy hook: git init, uv lock and a first commit, each optional."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from hooks import _run, post_copy

from .helpers import TEMPLATE_ROOT, run

IDENTITY_VARIABLES = [
    f"GIT_{role}_{field}" for role in ("AUTHOR", "COMMITTER") for field in ("NAME", "EMAIL")
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A generated project in miniature: a pyproject with nothing to download."""
    destination = tmp_path / "project"
    destination.mkdir()
    (destination / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "0"\nrequires-python = ">=3.11"\ndependencies = []\n'
    )
    return destination


@pytest.fixture
def fresh_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine where git knows nobody: empty HOME, no system config, no identity variables."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for variable in [*IDENTITY_VARIABLES, "EMAIL", "GIT_CONFIG_COUNT", "GIT_CONFIG_GLOBAL"]:
        monkeypatch.delenv(variable, raising=False)


def _path_with_only(tmp_path: Path, *programs: str) -> str:
    """A PATH holding links to the named programs and nothing else."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for program in programs:
        found = shutil.which(program)
        assert found, f"{program} is needed to run this test"
        (bin_dir / program).symlink_to(found)
    return str(bin_dir)


def _git(destination: Path, *args: str) -> str:
    return run("git", *args, cwd=destination).output


def _commits(destination: Path) -> list[str]:
    return _git(destination, "log", "--format=%s").splitlines()


def _main(destination: Path, *extra: str) -> int:
    return post_copy.main(["--project-name", "Demo", "--destination", str(destination), *extra])


def test_initialises_locks_and_commits(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh project becomes a repository on main with one commit naming the template version."""
    assert _main(project, "--template-version", "v1.2.3") == 0

    assert _commits(project) == ["Generate Demo from copier-mvp v1.2.3"]
    assert _git(project, "branch", "--show-current").strip() == "main"
    assert "uv.lock" in _git(project, "ls-files").split()
    assert _git(project, "status", "--porcelain") == ""
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" ...")[0] for line in lines] == [
        "copier-mvp: git init",
        "copier-mvp: uv lock",
        "copier-mvp: git commit",
    ]


def test_runs_in_the_current_directory_by_default(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copier runs tasks inside the generated project and passes no --destination."""
    monkeypatch.chdir(project)

    post_copy.main(["--project-name", "Demo", "--template-version", "v1"])

    assert _commits(project) == ["Generate Demo from copier-mvp v1"]


def test_missing_uv_warns_and_still_commits(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without uv the user is told what to install and run, and still gets a commit."""
    monkeypatch.setenv("PATH", _path_with_only(tmp_path, "git"))

    assert _main(project) == 0

    out = capsys.readouterr().out
    assert "WARNING uv not found" in out
    assert "make install" in out
    assert "https://docs.astral.sh/uv/" in out
    assert not (project / "uv.lock").exists()
    assert _commits(project) == ["Generate Demo from copier-mvp unknown"]


def test_missing_git_warns_and_leaves_a_working_folder(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With neither git nor uv on PATH the hook warns twice and exits 0."""
    monkeypatch.setenv("PATH", _path_with_only(tmp_path))

    assert _main(project) == 0

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "WARNING git not found" in lines[0]
    assert "WARNING uv not found" in lines[1]
    assert not (project / ".git").exists()
    assert (project / "pyproject.toml").exists()


def test_existing_repository_is_not_committed_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Generating into a folder of the user's own repository leaves the commit to them."""
    repository = tmp_path / "monorepo"
    repository.mkdir()
    _git(repository, "init", "--quiet")
    destination = repository / "services" / "demo"
    destination.mkdir(parents=True)
    (destination / "README.md").write_text("# Demo\n")

    assert _main(destination) == 0

    assert "already inside a repository" in capsys.readouterr().out
    assert not (destination / ".git").exists()
    assert run("git", "log", cwd=repository, check=False).code != 0


def test_failed_uv_lock_is_a_warning(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A uv lock failure names the cause and the command to run later; the commit still happens."""
    (project / "pyproject.toml").write_text("this is not toml")

    assert _main(project) == 0

    warning = next(line for line in capsys.readouterr().out.splitlines() if "WARNING" in line)
    assert "uv lock failed" in warning
    assert "pyproject.toml" in warning  # uv's own reason is shown
    assert len(_commits(project)) == 1


@pytest.mark.usefixtures("fresh_machine")
def test_fresh_machine_commits_with_a_fallback_identity(project: Path) -> None:
    """Where git has no user.name/user.email, the first commit still succeeds."""
    _main(project)

    assert _git(project, "log", "--format=%an <%ae>|%cn <%ce>").strip() == (
        "copier-mvp <copier-mvp@localhost>|copier-mvp <copier-mvp@localhost>"
    )


@pytest.mark.usefixtures("fresh_machine")
def test_the_callers_identity_wins_over_the_fallback(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An author set in the environment is kept; only what is missing is filled in."""
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Ada Lovelace")
    monkeypatch.setenv("EMAIL", "ada@example.com")

    _main(project)

    assert _git(project, "log", "--format=%an <%ae>|%cn <%ce>").strip() == (
        "Ada Lovelace <ada@example.com>|copier-mvp <ada@example.com>"
    )


def test_configured_identity_is_used(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_machine: None
) -> None:
    """A user.name/user.email in the user's git config is the author, not the fallback."""
    (tmp_path / "home" / ".gitconfig").write_text(
        "[user]\n\tname = Grace Hopper\n\temail = grace@example.com\n"
    )

    _main(project)

    assert _git(project, "log", "--format=%an <%ae>").strip() == "Grace Hopper <grace@example.com>"


def test_failed_commit_is_a_warning(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A commit git refuses (here: signing without a key) must not fail the task.

    Copier deletes a freshly generated project when a task exits non-zero.
    """
    for index, (key, value) in enumerate([("commit.gpgsign", "true"), ("gpg.program", "false")]):
        monkeypatch.setenv(f"GIT_CONFIG_KEY_{index}", key)
        monkeypatch.setenv(f"GIT_CONFIG_VALUE_{index}", value)
    monkeypatch.setenv("GIT_CONFIG_COUNT", "2")

    assert _main(project) == 0

    assert "WARNING first commit failed" in capsys.readouterr().out
    assert (project / "pyproject.toml").exists()
    assert (project / "uv.lock").exists()


def test_runs_as_a_script(project: Path) -> None:
    """Copier runs the hook by path, where `hooks` is not on sys.path."""
    script = TEMPLATE_ROOT / "hooks" / "post_copy.py"
    result = run(
        sys.executable, str(script), "--project-name", "Demo", "--template-version", "v0.3.0",
        cwd=project,
    )  # fmt: skip

    assert all(line.startswith("copier-mvp: ") for line in result.output.splitlines())
    assert _commits(project) == ["Generate Demo from copier-mvp v0.3.0"]


def test_run_reports_the_failing_command_and_its_stderr(tmp_path: Path) -> None:
    with pytest.raises(
        _run.CommandFailed, match=r"`git rev-parse --verify no-such-ref` exited 128"
    ):
        _run.run("git", "rev-parse", "--verify", "no-such-ref", cwd=tmp_path)


def test_run_passes_the_callers_environment_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings such as UV_PYTHON reach the commands even when set after plumbum was imported."""
    monkeypatch.setenv("UV_PYTHON", "3.12")

    output = _run.run(
        "sh", "-c", 'printf "%s %s" "$UV_PYTHON" "$EXTRA"', cwd=tmp_path, env={"EXTRA": "yes"}
    )

    assert output == "3.12 yes"
    assert os.environ.get("EXTRA") is None


def test_which_finds_only_what_is_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", _path_with_only(tmp_path, "git"))

    assert _run.which("git") == tmp_path / "bin" / "git"
    assert _run.which("uv") is None
