"""Reproduction: two per-path costs inside `copier copy`, shown on a template with no Jinja at all.

It builds a synthetic template in a temporary folder (plain files in nested folders with
plain names, one question that nothing uses), copies it with `copier.run_copy`, and reports:

  (a) the `git` subprocesses Copier spawns: one `git config --type=bool --get core.fileMode`
      per written file, from `Worker._sync_git_index_executable_bit`;
  (b) the Jinja templates Copier compiles while rendering path parts: two per part (the part
      itself in `Worker._render_string`, and the answers-file name in the
      `Worker.answers_relpath` property, which `_render_parts` reads for every part), plain
      names included;
  (c) the copy's total time, as released and with each cost patched away in this process
      (the `core.fileMode` setting read once per copy; plain strings returned without Jinja),
      so the saving is measured, and a check that every variant writes the same tree.

Counting wraps `subprocess.Popen` and `jinja2.Environment.compile` in one extra copy; the
timed copies run without those wrappers. Needs only Copier and `git` on PATH. Usage:

    python bench/copier_overheads.py [--files N] [--depth D] [--rounds R] [--jinja-names] [--json]
    python bench/copier_overheads.py --template PATH   # an existing template, its defaults
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import copier
import jinja2
from copier._jinja_ext import YieldExtension, get_yield_context
from copier._main import Worker, get_git
from jinja2.ext import Extension
from plumbum import ProcessExecutionError

FANOUT = 4
PROJECT = "project"  # every copy's folder name: a template may use `_folder_name`


def build_template(root: Path, files: int, depth: int, *, jinja_names: bool = False) -> Path:
    """Write `files` plain files `depth` folders deep, and a copier.yml with one unused question.

    With `jinja_names`, each folder name is a Jinja expression that renders to the plain name.
    """
    (root / "template").mkdir(parents=True)
    (root / "copier.yml").write_text(
        "_subdirectory: template\nproject_name:\n  type: str\n  default: demo\n"
    )
    for index in range(files):
        folders = [f"dir{level}_{(index // FANOUT**level) % FANOUT}" for level in range(depth)]
        if jinja_names:
            folders = [f"{{{{ '{folder}' }}}}" for folder in folders]
        path = root / "template" / Path(*folders) / f"module_{index:04d}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"VALUE = {index}\n")
    return root


# --- the two costs, patched away in-process -----------------------------------------------


def _is_plain(env: jinja2.Environment, text: str) -> bool:
    """True when Jinja would render `text` to itself: no delimiter, no line prefix, no hook."""
    if env.line_statement_prefix or env.line_comment_prefix:
        return False
    hooked = any(
        type(ext).preprocess is not Extension.preprocess
        or type(ext).filter_stream is not Extension.filter_stream
        for ext in env.extensions.values()
        if not isinstance(ext, YieldExtension)  # its preprocess only resets the yield context
    )
    markers = (env.block_start_string, env.variable_start_string, env.comment_start_string)
    return not hooked and not any(marker in text for marker in markers)


def _plain_render_string(original: Callable[..., str]) -> Callable[..., str]:
    def render_string(self: Worker, string: str, extra_context: Any = None) -> str:
        if isinstance(string, str) and _is_plain(self.jinja_env, string):
            context = get_yield_context(self.jinja_env)  # what compiling would have reset
            context.yield_name = context.yield_iterable = None
            return string
        return original(self, string, extra_context)

    return render_string


def _plain_answers_relpath(original: property) -> property:
    def answers_relpath(self: Worker) -> Path:
        path = str(self.answers_file or self.template.answers_relpath)
        if _is_plain(self.jinja_env, path):
            return Path(path)
        return original.fget(self)  # type: ignore[misc]

    return property(answers_relpath)


def _file_mode_read_once(original: Callable[..., None]) -> Callable[..., None]:
    settings: dict[Path, str] = {}

    def sync(self: Worker, dst_relpath: Path, src_mode: int) -> None:
        root = self.subproject.local_abspath
        if root not in settings:
            git = get_git(context_dir=root)
            try:
                settings[root] = git("config", "--type=bool", "--get", "core.fileMode").strip()
            except ProcessExecutionError:
                settings[root] = "unset"
        if settings[root] == "false":  # the rare case that needs the index: unchanged
            original(self, dst_relpath, src_mode)

    return sync


@contextlib.contextmanager
def patched(*, git_once: bool, plain_parts: bool) -> Iterator[None]:
    saved = {
        name: Worker.__dict__[name]
        for name in ("_sync_git_index_executable_bit", "_render_string", "answers_relpath")
    }
    try:
        if git_once:
            Worker._sync_git_index_executable_bit = _file_mode_read_once(  # type: ignore[method-assign]
                saved["_sync_git_index_executable_bit"]
            )
        if plain_parts:
            Worker._render_string = _plain_render_string(saved["_render_string"])  # type: ignore[method-assign]
            Worker.answers_relpath = _plain_answers_relpath(saved["answers_relpath"])  # type: ignore[assignment, method-assign]
        yield
    finally:
        for name, value in saved.items():
            setattr(Worker, name, value)


# --- counting ------------------------------------------------------------------------------


@dataclass
class Counts:
    git_calls: dict[str, int] = field(default_factory=dict)
    git_seconds: float = 0.0  # every git process, spawn to exit
    file_mode_calls: int = 0
    file_mode_seconds: float = 0.0  # the `git config` processes alone
    file_mode_site_seconds: float = 0.0  # the whole `_sync_git_index_executable_bit`
    path_part_compiles: int = 0
    path_part_compile_seconds: float = 0.0
    path_part_site_seconds: float = 0.0  # compile, context and render, per part
    other_compiles: int = 0


def _called_from_render_parts(depth: int) -> bool:
    frame = sys._getframe(depth + 1)
    while frame is not None and frame.f_code.co_name != "_render_parts":
        frame = frame.f_back  # type: ignore[assignment]
    return frame is not None


@contextlib.contextmanager
def counting(counts: Counts) -> Iterator[None]:
    """Count `git` processes and the Jinja compiles made for path parts, and time both sites."""
    popen_init, popen_wait = subprocess.Popen.__init__, subprocess.Popen.wait
    compile_ = jinja2.Environment.compile
    saved = {
        name: Worker.__dict__[name]
        for name in ("_sync_git_index_executable_bit", "_render_string", "answers_relpath")
    }
    started: dict[int, tuple[float, str]] = {}

    def init(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        argv = [str(arg) for arg in args] if isinstance(args, list | tuple) else [str(args)]
        if Path(argv[0]).name == "git":
            command = " ".join(arg for arg in argv[1:] if not arg.startswith("-"))[:40]
            started[id(self)] = (time.perf_counter(), command)
        popen_init(self, args, *rest, **kwargs)

    def wait(self: subprocess.Popen[Any], timeout: float | None = None) -> int:
        code = popen_wait(self, timeout)
        if (entry := started.pop(id(self), None)) is not None:
            seconds = time.perf_counter() - entry[0]
            counts.git_calls[entry[1]] = counts.git_calls.get(entry[1], 0) + 1
            counts.git_seconds += seconds
            if "core.fileMode" in entry[1]:
                counts.file_mode_calls += 1
                counts.file_mode_seconds += seconds
        return code

    def compile_counted(self: jinja2.Environment, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        result = compile_(self, *args, **kwargs)
        if _called_from_render_parts(1):
            counts.path_part_compiles += 1
            counts.path_part_compile_seconds += time.perf_counter() - start
        else:
            counts.other_compiles += 1
        return result

    def sync(self: Worker, *args: Any) -> None:
        start = time.perf_counter()
        saved["_sync_git_index_executable_bit"](self, *args)
        counts.file_mode_site_seconds += time.perf_counter() - start

    def per_part(function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(self: Worker, *args: Any, **kwargs: Any) -> Any:
            if sys._getframe(1).f_code.co_name != "_render_parts":
                return function(self, *args, **kwargs)
            start = time.perf_counter()
            result = function(self, *args, **kwargs)
            counts.path_part_site_seconds += time.perf_counter() - start
            return result

        return timed

    subprocess.Popen.__init__ = init  # type: ignore[method-assign]
    subprocess.Popen.wait = wait  # type: ignore[method-assign]
    jinja2.Environment.compile = compile_counted  # type: ignore[method-assign]
    Worker._sync_git_index_executable_bit = sync  # type: ignore[method-assign]
    Worker._render_string = per_part(saved["_render_string"])  # type: ignore[method-assign]
    Worker.answers_relpath = property(per_part(saved["answers_relpath"].fget))  # type: ignore[assignment, method-assign]
    try:
        yield
    finally:
        subprocess.Popen.__init__ = popen_init  # type: ignore[method-assign]
        subprocess.Popen.wait = popen_wait  # type: ignore[method-assign]
        jinja2.Environment.compile = compile_  # type: ignore[method-assign]
        for name, value in saved.items():
            setattr(Worker, name, value)


# --- running -------------------------------------------------------------------------------

VARIANTS = {
    "as released": {"git_once": False, "plain_parts": False},
    "core.fileMode read once": {"git_once": True, "plain_parts": False},
    "plain path parts not compiled": {"git_once": False, "plain_parts": True},
    "both": {"git_once": True, "plain_parts": True},
}


def copy(template: Path, destination: Path) -> float:
    start = time.perf_counter()
    copier.run_copy(
        str(template), str(destination), vcs_ref="HEAD",
        defaults=True, unsafe=True, skip_tasks=True, quiet=True,
    )  # fmt: skip
    return time.perf_counter() - start


def tree(root: Path) -> dict[str, str]:
    """Every path written under `root`, with its mode and, for a file, its content's hash."""
    entries = {}
    for path in root.rglob("*"):
        entry = f"{path.stat().st_mode:o}"
        if path.is_file():
            entry += " " + hashlib.sha256(path.read_bytes()).hexdigest()
        entries[path.relative_to(root).as_posix()] = entry
    return entries


def measure(template: Path, workdir: Path, rounds: int) -> dict[str, Any]:
    with patched(git_once=True, plain_parts=True):  # imports and caches, cheaply: not measured
        copy(template, workdir / "warm-up" / PROJECT)
    counts = Counts()
    with counting(counts):
        counted_seconds = copy(template, workdir / "counted" / PROJECT)
    released = tree(workdir / "counted" / PROJECT)
    files = [Path(path) for path, entry in released.items() if " " in entry]
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    written: list[dict[str, str]] = []
    unstable: set[str] = set()  # what two unpatched copies write differently (a random secret)
    for round_number in range(rounds):  # variants alternate so drift hits them alike
        for index, (name, switches) in enumerate(VARIANTS.items()):
            destination = workdir / f"round{round_number}-variant{index}" / PROJECT
            with patched(**switches):
                times[name].append(copy(template, destination))
            written.append(tree(destination))
            if name == "as released":
                unstable |= {
                    path for path, entry in released.items() if written[-1].get(path) != entry
                }
    identical = all(
        entries.keys() == released.keys()
        and all(entries[path] == entry for path, entry in released.items() if path not in unstable)
        for entries in written
    )
    medians = {name: statistics.median(values) for name, values in times.items()}
    minimums = {name: min(values) for name, values in times.items()}
    return {
        "template": "",
        "copier": version("copier"),
        "jinja2": version("jinja2"),
        "git": subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip(),
        "python": platform.python_version(),
        "rounds": rounds,
        "files_written": len(files),
        "path_parts_written": sum(len(path.parts) for path in files),
        "counts": asdict(counts),
        "counted_copy_seconds": counted_seconds,
        "median_seconds": medians,
        "min_seconds": minimums,
        "saved_seconds": {name: medians["as released"] - value for name, value in medians.items()},
        "variants_write_identical_trees": identical,
        "files_unstable_between_unpatched_copies": sorted(unstable),
    }


def report(result: dict[str, Any]) -> str:
    counts, medians, minimums = result["counts"], result["median_seconds"], result["min_seconds"]
    released = medians["as released"]
    lines = [
        f"Copier {result['copier']}, Jinja {result['jinja2']}, {result['git']}, "
        f"Python {result['python']}; template: {result['template']}",
        f"{result['files_written']} files written ({result['path_parts_written']} path parts)",
        f"counted in one instrumented copy ({result['counted_copy_seconds'] * 1000:.0f} ms):",
        f"(a) git processes: {sum(counts['git_calls'].values())} in "
        f"{counts['git_seconds'] * 1000:.0f} ms, of which `git config --get core.fileMode`: "
        f"{counts['file_mode_calls']} in {counts['file_mode_seconds'] * 1000:.0f} ms",
        f"    its call site, `Worker._sync_git_index_executable_bit`: "
        f"{counts['file_mode_site_seconds'] * 1000:.0f} ms",
        f"(b) Jinja compiles for path parts: {counts['path_part_compiles']} in "
        f"{counts['path_part_compile_seconds'] * 1000:.0f} ms (other compiles: "
        f"{counts['other_compiles']})",
        f"    with each part's context and render: "
        f"{counts['path_part_site_seconds'] * 1000:.0f} ms",
        f"(c) copy time over {result['rounds']} rounds, median (fastest):",
    ]
    for name, value in medians.items():
        saved = "" if name == "as released" else f"  saves {(released - value) * 1000:5.0f} ms"
        lines.append(f"    {name:30s} {value * 1000:6.0f} ms ({minimums[name] * 1000:4.0f}){saved}")
    same = "yes" if result["variants_write_identical_trees"] else "NO"
    lines.append(f"every variant wrote the same tree (paths, modes, contents): {same}")
    if unstable := result["files_unstable_between_unpatched_copies"]:
        lines.append(
            f"    (contents not compared for what two unpatched copies differ in: {unstable})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=100, help="plain files in the template")
    parser.add_argument("--depth", type=int, default=3, help="folders above each file")
    parser.add_argument("--rounds", type=int, default=3, help="timed copies per variant")
    parser.add_argument(
        "--jinja-names", action="store_true", help="folder names as Jinja rendering the same"
    )
    parser.add_argument("--template", type=Path, help="measure this template (its defaults)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="copier-overheads-") as tmp:
        workdir = Path(tmp)
        template = args.template or build_template(
            workdir / "src", args.files, args.depth, jinja_names=args.jinja_names
        )
        result = measure(template.resolve(), workdir, args.rounds)
    names = "Jinja folder names" if args.jinja_names else "plain names"
    result["template"] = str(args.template or f"synthetic, depth {args.depth}, {names}")
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
