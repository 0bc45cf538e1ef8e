"""v0.2.0: a team that deleted the example domain keeps it deleted.

v0.2.0 adds files to the example domain (`item/flows.py`, `item/dependencies.py`). Copier
creates every file a new template version adds, so in a project whose team removed `item/`
those files would come back alone, importing models that no longer exist. Before the update
this migration notes which example-domain folders are missing (in an untracked file that
Copier does not compare); after it, it removes whatever the update put back there. Usage:
`python v0_2_0_example_domain.py before|after .copier-answers.yml`, from the project's root.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script by Copier: make `hooks` importable, as hooks/post_copy.py does.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from hooks.migrations import _staged

NOTE = Path(".copier-mvp-deleted-example.txt")


def example_folders(package: str) -> list[str]:
    return [f"src/{package}/item", "tests/item"]


def before(root: Path, package: str) -> list[str]:
    """Note the example domain's folders the team deleted; returns them."""
    missing = [folder for folder in example_folders(package) if not (root / folder).exists()]
    if missing:
        (root / NOTE).write_text("".join(f"{folder}\n" for folder in missing), encoding="utf-8")
    return missing


def after(root: Path, package: str) -> list[str]:
    """Remove what the update put back in the noted folders; returns the folders removed."""
    note = root / NOTE
    if not note.is_file():
        return []
    noted = set(note.read_text(encoding="utf-8").split())
    note.unlink()
    removed = []
    for folder in example_folders(package):
        if folder in noted and (root / folder).is_dir():
            shutil.rmtree(root / folder)
            removed.append(folder)
    return removed


def main(argv: list[str] | None = None) -> int:
    parsed = _staged.arguments(argv, "v0_2_0_example_domain.py")
    if isinstance(parsed, int):
        return parsed
    stage, package = parsed
    folders = (before if stage == "before" else after)(Path.cwd(), package)
    verb = "deleted by the team, kept deleted" if stage == "before" else "removed again"
    outcome = f"{', '.join(folders)} {verb}" if folders else "the example domain is in place"
    _staged.say(stage, outcome)
    return 0


if __name__ == "__main__":
    sys.exit(main())
