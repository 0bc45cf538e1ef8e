"""Benchmark: `copier copy` of the full template against a one-file template, alternating.

Both templates are committed snapshots in temporary git repositories and are rendered the
same way (in-process `copier.run_copy`, `vcs_ref="HEAD"`, tasks skipped), so the ratio shows
what this template adds on top of Copier's own fixed cost. Usage:

    uv run python bench/generation.py [--rounds N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import copier
import yaml

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.5
IGNORED = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache")


def every_option_on() -> dict[str, Any]:
    """The non-default choice that switches the most files on, for each question with choices."""
    spec = yaml.safe_load((ROOT / "copier.yml").read_text())
    answers: dict[str, Any] = {}
    for name, question in spec.items():
        if name.startswith("_") or "choices" not in question:
            continue
        choices = question["choices"]
        values = list(choices.values()) if isinstance(choices, dict) else list(choices)
        others = [value for value in values if value not in ("none", False)]
        answers[name] = others[-1] if others else values[-1]
    return answers


def _commit(repo: Path) -> None:
    env = ["-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    subprocess.run(["git", "init", "--quiet", str(repo)], check=True)
    subprocess.run(["git", *env, "-C", str(repo), "add", "--all"], check=True)
    subprocess.run(
        ["git", *env, "-C", str(repo), "commit", "--quiet", "-m", "snapshot"], check=True
    )


def snapshot_full(workdir: Path) -> Path:
    repo = workdir / "full"
    shutil.copytree(ROOT, repo, ignore=IGNORED)
    _commit(repo)
    return repo


def one_file_template(workdir: Path) -> Path:
    repo = workdir / "one-file"
    (repo / "template").mkdir(parents=True)
    (repo / "copier.yml").write_text(
        "_subdirectory: template\nproject_name:\n  type: str\n  default: Acme Beta\n"
    )
    (repo / "template" / "README.md.jinja").write_text("# {{ project_name }}\n")
    _commit(repo)
    return repo


def same_paths_template(workdir: Path, full: Path) -> Path:
    """The full template's file tree with every file's content cut to one constant line.

    It isolates Copier's per-file and per-path cost (path rendering, a git call per written
    file) from the cost of rendering this template's contents.
    """
    repo = workdir / "same-paths"
    shutil.copytree(full, repo, ignore=IGNORED)
    for path in (repo / "template").rglob("*"):
        if path.is_file() and not path.name.startswith("{{_copier_conf"):
            path.write_text("x\n")
    _commit(repo)
    return repo


def render(template: Path, destination: Path, answers: dict[str, Any]) -> float:
    start = time.perf_counter()
    copier.run_copy(
        str(template), str(destination), data=answers, vcs_ref="HEAD",
        defaults=True, unsafe=True, skip_tasks=True, quiet=True,
    )  # fmt: skip
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--profile", action="store_true", help="profile one full render")
    args = parser.parse_args()
    answers = every_option_on()
    with tempfile.TemporaryDirectory(prefix="copier-mvp-bench-") as tmp:
        workdir = Path(tmp)
        full, floor = snapshot_full(workdir), one_file_template(workdir)
        same_paths = same_paths_template(workdir, full)
        render(full, workdir / "warm-full", answers)  # imports, caches: not measured
        render(floor, workdir / "warm-floor", {})
        render(same_paths, workdir / "warm-same", answers)
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            render(full, workdir / "profiled", answers)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            return 0
        full_times, floor_times, same_times = [], [], []
        for round_number in range(args.rounds):
            floor_times.append(render(floor, workdir / f"floor-{round_number}", {}))
            full_times.append(render(full, workdir / f"full-{round_number}", answers))
            same_times.append(render(same_paths, workdir / f"same-{round_number}", answers))
        files = sum(1 for path in (workdir / "full-0").rglob("*") if path.is_file())
    full_median, floor_median = statistics.median(full_times), statistics.median(floor_times)
    same_median = statistics.median(same_times)
    print(f"answers: {answers}")
    print(f"one-file template:   median {floor_median * 1000:7.1f} ms over {args.rounds} rounds")
    print(f"same-paths template: median {same_median * 1000:7.1f} ms ({files} one-line files)")
    print(f"full template:       median {full_median * 1000:7.1f} ms, {files} files generated")
    print(f"ratio full / one-file: {full_median / floor_median:.2f} (target <= {TARGET_RATIO})")
    print(
        f"  Copier's cost of {files} paths: {(same_median - floor_median) * 1000:.0f} ms "
        f"({(same_median - floor_median) / (full_median - floor_median):.0%} of the gap); "
        f"rendering this template's contents: {(full_median - same_median) * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
