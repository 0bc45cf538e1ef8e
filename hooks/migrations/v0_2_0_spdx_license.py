"""v0.2.0: the `license` answer `Proprietary` becomes the SPDX expression `LicenseRef-Proprietary`.

pyproject.toml's `license` field takes an SPDX expression (PEP 639); a licence of one's own is
written `LicenseRef-<name>`. Runs before the update (`_stage == 'before'`) and rewrites the
answers file in place, so the new template receives an answer it accepts. Usage:
`python v0_2_0_spdx_license.py .copier-answers.yml`
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OLD, NEW = "Proprietary", "LicenseRef-Proprietary"
_LICENSE_LINE = re.compile(rf"^license: ['\"]?{OLD}['\"]?\s*$", re.MULTILINE)


def migrate(answers_file: Path) -> bool:
    """Rewrite the answer; True when the file changed. Other lines are kept byte for byte."""
    text = answers_file.read_text(encoding="utf-8")
    migrated, count = _LICENSE_LINE.subn(f"license: {NEW}", text)
    if count:
        answers_file.write_text(migrated, encoding="utf-8")
    return bool(count)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: v0_2_0_spdx_license.py ANSWERS_FILE", file=sys.stderr)
        return 2
    answers_file = Path(args[0])
    if not answers_file.exists():
        print(f"copier-mvp: migration v0.2.0: {answers_file} not found; nothing to migrate")
        return 0
    changed = migrate(answers_file)
    outcome = f"license {OLD} -> {NEW}" if changed else "license already current"
    print(f"copier-mvp: migration v0.2.0: {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
