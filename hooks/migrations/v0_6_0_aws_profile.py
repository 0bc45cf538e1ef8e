"""v0.6.0: the question `aws_profile` is new, and its default (beta) runs smaller than before.

A project generated before it ran what the `production` profile runs (2 to 10 tasks, a
multi-AZ database, a NAT gateway per zone); updating with the new default would shrink its
production. Runs before the update (`_stage == 'before'`) and records `aws_profile: production`
in the answers file of a project that deploys to AWS and has no answer yet, so the update keeps
its resources. A team that wants the beta profile answers `--data aws_profile=beta`. Usage:
`python v0_6_0_aws_profile.py .copier-answers.yml`
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

KEPT = "production"
_ANSWERED = re.compile(r"^aws_profile:", re.MULTILINE)
# Projects from before the `deployment` question (v0.5.0) all deploy to AWS.
_NO_DEPLOYMENT = re.compile(r"^deployment: ['\"]?none['\"]?\s*$", re.MULTILINE)


def migrate(answers_file: Path) -> bool:
    """Add the answer; True when the file changed. Other lines are kept byte for byte."""
    text = answers_file.read_text(encoding="utf-8")
    if _ANSWERED.search(text) or _NO_DEPLOYMENT.search(text):
        return False
    separator = "" if text.endswith("\n") else "\n"
    answers_file.write_text(f"{text}{separator}aws_profile: {KEPT}\n", encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: v0_6_0_aws_profile.py ANSWERS_FILE", file=sys.stderr)
        return 2
    answers_file = Path(args[0])
    if not answers_file.exists():
        print(f"copier-mvp: migration v0.6.0: {answers_file} not found; nothing to migrate")
        return 0
    changed = migrate(answers_file)
    outcome = (
        f"aws_profile {KEPT} recorded (the sizes it had)" if changed else "aws_profile unchanged"
    )
    print(f"copier-mvp: migration v0.6.0: {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
