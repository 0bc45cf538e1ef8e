"""Write docs/questions.md from copier.yml, so the page cannot drift from the questions.

    uv run python scripts/questions_doc.py           # rewrite docs/questions.md
    uv run python scripts/questions_doc.py --check   # exit 1 when the page is out of date

For each question: its type, help, default, choices, the condition under which it is asked,
and every message its validator can answer with. The messages are read from the validator's
filter in extensions/filters.py, with the parts that depend on the answer shown in <angle
brackets>, so a new message appears here without editing this script.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "questions.md"
FILTER_CALL = re.compile(r"\|\s*(\w+_problem)\b")
# How the parts of a message that depend on the answer are shown.
PLACEHOLDERS = {"value": "<answer>", "len(value)": "<length>", "primary": "<aws_region>"}


def _filters_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("filters", ROOT / "extensions" / "filters.py")
    if spec is None or spec.loader is None:
        raise ImportError("cannot load extensions/filters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _message(node: ast.expr, constants: dict[str, Any]) -> str | None:
    """The text of a returned string; None for anything that is not a string literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                parts.append(str(part.value))
            elif isinstance(part, ast.FormattedValue):
                source = ast.unparse(part.value)
                if source in PLACEHOLDERS:
                    text = PLACEHOLDERS[source]
                    parts.append(f"'{text}'" if part.conversion == ord("r") else text)
                elif source in constants:
                    parts.append(str(constants[source]))
                else:
                    parts.append(f"<{source}>")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _message(node.left, constants), _message(node.right, constants)
        return None if left is None or right is None else left + right
    return None


def validator_messages() -> dict[str, list[str]]:
    """Every non-empty message each `*_problem` filter returns, in source order."""
    module = _filters_module()
    constants = {
        name: value for name, value in vars(module).items() if isinstance(value, int | str)
    }
    tree = ast.parse((ROOT / "extensions" / "filters.py").read_text())
    messages: dict[str, list[str]] = {}
    for function in tree.body:
        if isinstance(function, ast.FunctionDef) and function.name.endswith("_problem"):
            found = []
            for node in ast.walk(function):
                if isinstance(node, ast.Return) and node.value is not None:
                    text = _message(node.value, constants)
                    if text:
                        found.append(text)
            messages[function.name] = found
    return messages


def _code(value: Any) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def render(config: dict[str, Any], messages: dict[str, list[str]]) -> str:
    lines = [
        "# Questions",
        "",
        "Generated from `copier.yml` by `scripts/questions_doc.py` (`make docs`); a tier-1 test",
        "fails when this page differs from what the script writes. What each answer changes in",
        "the generated project is in [Choices](choices.md).",
        "",
        "Every question has a default: `copier copy --defaults` takes them all. A default written",
        "as `{{ ... }}` is derived from earlier answers. Give answers on the command line with",
        "`--data name=value`, or later with `copier update --data name=value`.",
        "",
        "| Question | Type | Default |",
        "| --- | --- | --- |",
    ]
    questions = {name: spec for name, spec in config.items() if not name.startswith("_")}
    for name, spec in questions.items():
        default = _code(spec.get("default", "")).replace("|", "\\|")  # a pipe ends a cell
        lines.append(f"| [`{name}`](#{name}) | {spec.get('type', 'str')} | {default} |")
    for name, spec in questions.items():
        lines += ["", f"## {name}", "", str(spec.get("help", "")).strip(), ""]
        lines.append(f"- Type: `{spec.get('type', 'str')}`")
        lines.append(f"- Default: {_code(spec.get('default', ''))}")
        if "when" in spec:
            lines.append(f"- Asked only when: `{spec['when']}`")
        choices = spec.get("choices")
        if isinstance(choices, dict):
            lines.append("- Choices:")
            lines += [f"    - {_code(value)}: {label}" for label, value in choices.items()]
        elif isinstance(choices, list):
            lines.append("- Choices: " + ", ".join(_code(value) for value in choices))
        validator = FILTER_CALL.search(str(spec.get("validator", "")))
        if validator:
            lines.append("- Refused, with one of these messages:")
            lines += [f"    - {text}" for text in messages.get(validator.group(1), [])]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail when the page is stale")
    args = parser.parse_args(argv)
    config = yaml.safe_load((ROOT / "copier.yml").read_text())
    text = render(config, validator_messages())
    if args.check:
        if not PAGE.exists() or PAGE.read_text() != text:
            print(f"{PAGE} is out of date: run `make docs`")
            return 1
        return 0
    PAGE.parent.mkdir(exist_ok=True)
    PAGE.write_text(text)
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
