"""v0.2.0: the KPI definitions move from `analytics/kpis.yaml` to `kpi/kpis.yaml`.

Copier deletes a file the new template no longer has, and a team's edits to it (a target, a
new KPI) would go with it. So the migration runs at both stages: before the update it copies
the team's file aside, untracked (Copier reads the project from git's index, so the copy
changes nothing it compares); after the update it writes that copy to the new path and
removes it. An unedited file comes back identical to the template's. A KPI the template added
since is not in the team's copy: its entry is taken from the new file and appended, so the
definitions keep matching the calculations the update brings. Usage:
`python v0_2_0_kpis_move.py before|after .copier-answers.yml`, from the project's root.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script by Copier: make `hooks` importable, as hooks/post_copy.py does.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from hooks.migrations import _staged

ASIDE = Path(".copier-mvp-kpis.yaml")
# The one line the move changed in the file itself: the module that computes the KPIs.
OLD_COMMENT, NEW_COMMENT = "of the same name in kpi.py", "of the same name in queries.py"


# A KPI's entry: its name two spaces in under `kpis:`, then its more deeply indented lines.
ENTRY = re.compile(r"^  ([a-z][a-z0-9_]*):[ \t]*\n(?:(?:    .*|[ \t]*)\n)*", re.MULTILINE)


def with_new_kpis(team: str, template: str) -> str:
    """The team's definitions, then every entry of the template's that the team's lacks."""
    known = {match.group(1) for match in ENTRY.finditer(team)}
    added = [m.group(0) for m in ENTRY.finditer(template) if m.group(1) not in known]
    if not added:
        return team
    return team.rstrip("\n") + "\n" + "".join(added).rstrip("\n") + "\n"


def before(root: Path, package: str) -> bool:
    """Copy the old file aside; True when there was one."""
    old = root / "src" / package / "analytics" / "kpis.yaml"
    if not old.is_file():
        return False
    (root / ASIDE).write_bytes(old.read_bytes())
    return True


def after(root: Path, package: str) -> bool:
    """Put the copy at the new path; True when there was a copy."""
    aside = root / ASIDE
    if not aside.is_file():
        return False
    new = root / "src" / package / "kpi" / "kpis.yaml"
    new.parent.mkdir(parents=True, exist_ok=True)
    template = new.read_text(encoding="utf-8") if new.is_file() else ""
    team = aside.read_text(encoding="utf-8").replace(OLD_COMMENT, NEW_COMMENT, 1)
    new.write_text(with_new_kpis(team, template), encoding="utf-8")
    aside.unlink()
    old = root / "src" / package / "analytics" / "kpis.yaml"
    old.unlink(missing_ok=True)
    return True


def main(argv: list[str] | None = None) -> int:
    parsed = _staged.arguments(argv, "v0_2_0_kpis_move.py")
    if isinstance(parsed, int):
        return parsed
    stage, package = parsed
    moved = (before if stage == "before" else after)(Path.cwd(), package)
    outcome = {
        ("before", True): "analytics/kpis.yaml kept aside for kpi/kpis.yaml",
        ("after", True): "kpi/kpis.yaml holds the project's KPI definitions",
    }.get((stage, moved), "nothing to move")
    _staged.say(stage, outcome)
    return 0


if __name__ == "__main__":
    sys.exit(main())
