"""docs/questions.md is what scripts/questions_doc.py writes from copier.yml (tier 1)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from .conftest import QUESTIONS, TEMPLATE_ROOT


def _script() -> ModuleType:
    path = TEMPLATE_ROOT / "scripts" / "questions_doc.py"
    spec = importlib.util.spec_from_file_location("questions_doc", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["questions_doc"] = module
    spec.loader.exec_module(module)
    return module


questions_doc = _script()


def test_the_committed_page_is_what_the_script_writes() -> None:
    """Editing copier.yml or a validator without `make docs` fails here."""
    assert questions_doc.main(["--check"]) == 0, "docs/questions.md is stale: run `make docs`"


def test_a_stale_page_is_reported(tmp_path: Path, monkeypatch) -> None:
    """--check fails when the page differs from copier.yml."""
    page = tmp_path / "questions.md"
    page.write_text("# Questions\n")
    monkeypatch.setattr(questions_doc, "PAGE", page)
    assert questions_doc.main(["--check"]) == 1


def test_every_question_has_its_section_with_help_and_default() -> None:
    """Each question of copier.yml is a section that shows its help and its default."""
    page = (TEMPLATE_ROOT / "docs" / "questions.md").read_text()
    for name, spec in QUESTIONS.items():
        section = page.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
        assert spec["help"].strip() in section, name
        assert f"- Default: `{spec['default']}`" in section, name


def test_every_validator_message_is_listed_with_the_answer_as_a_placeholder() -> None:
    """Messages come from the filters, with the answer-dependent parts in angle brackets."""
    messages = questions_doc.validator_messages()
    assert all(messages[name] for name in messages), "a validator filter returned no message"
    slug = messages["project_slug_problem"]
    assert any(text.startswith("project_slug '<answer>' is not allowed") for text in slug)
    assert "at most 40 are allowed" in " ".join(slug)
    assert not any("{" in text for texts in messages.values() for text in texts)
