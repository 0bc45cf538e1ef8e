"""Write AGENTS.md, the brief for coding assistants, from facts the project already keeps.

    uv run python scripts/agents_md.py           # rewrite AGENTS.md (`make agents`)
    uv run python scripts/agents_md.py --check   # exit 1, saying so, when AGENTS.md is stale

Every line of it comes from the Makefile (each target with `## ` help), docs/code-standards.md
(the rules of the house, and where a change goes) or docs/testing.md (which test proves
what), so it cannot say something those do not: `make docs-check` runs the check. Change
those files, then `make agents`; never edit AGENTS.md by hand.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAKE_TARGET = re.compile(r"^([a-z][a-z0-9-]*):[^#\n]*## (.+)$", re.MULTILINE)
# A relative link in a page under docs/: from the repository's root it needs the folder.
RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|#|/)([^)]+)\)")


def make_targets(root: Path) -> list[tuple[str, str]]:
    """(target, help) for every documented target, the Makefile's first, then each *.mk's."""
    found: list[tuple[str, str]] = []
    for path in [root / "Makefile", *sorted(root.glob("*.mk"))]:
        if path.exists():
            found += [(name, text.strip()) for name, text in MAKE_TARGET.findall(path.read_text())]
    return found


def sections(page: str) -> dict[str, str]:
    """A page's body split at its `## ` headings; the text before the first is under ""."""
    parts = re.split(r"^## (.+)$", page, flags=re.MULTILINE)
    found = {"": re.sub(r"^# .*\n", "", parts[0]).strip()}
    for title, body in zip(parts[1::2], parts[2::2], strict=True):
        found[title.strip()] = body.strip()
    return found


def from_docs(text: str) -> str:
    """Links of a docs/ page, rewritten to work from the repository's root."""
    return RELATIVE_LINK.sub(lambda match: f"](docs/{match.group(1)})", text)


def render(root: Path) -> str:
    name = tomllib.loads((root / "pyproject.toml").read_text())["project"]["name"]
    standards = sections((root / "docs" / "code-standards.md").read_text())
    testing = sections((root / "docs" / "testing.md").read_text())
    commands = "\n".join(f"| `make {target}` | {text} |" for target, text in make_targets(root))
    return f"""# AGENTS.md: working on {name}

<!-- Written by `make agents` from the Makefile, docs/code-standards.md and docs/testing.md;
`make docs-check` fails when it is stale. Edit those, then run `make agents`. -->

This is the brief for coding assistants (and a quick one for people). The whole story is in
the docs: [Architecture](docs/architecture.md), [Code standards](docs/code-standards.md),
[Testing strategy](docs/testing.md).

## Commands

`make dev` serves the app on SQLite with nothing else to install; `make test` runs every test.
Before you say a change is done, `make gates FAST=1` must pass (every gate but the load runs).

| Command | What it does |
| --- | --- |
{commands}

## Rules of the house

{from_docs(standards[""])}

## Where a change goes

{from_docs(standards["Adding a domain"])}

## Which test proves it

{from_docs(testing[""])}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=ROOT, help="the project to write it for")
    parser.add_argument("--check", action="store_true", help="only say whether it is stale")
    args = parser.parse_args(argv)
    target = args.root / "AGENTS.md"
    expected = render(args.root)
    if args.check:
        if target.exists() and target.read_text() == expected:
            return 0
        print("AGENTS.md is stale: run `make agents`")
        return 1
    target.write_text(expected)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
