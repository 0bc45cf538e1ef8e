"""Each `_migrations` entry of copier.yml has a module in hooks/migrations/ and a test here."""

from __future__ import annotations

import sys
from pathlib import Path

from hooks.migrations import v0_2_0_spdx_license

from .helpers import COPIER_YML, TEMPLATE_ROOT, run

ANSWERS = """# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY
_commit: v0.1.0
_src_path: /templates/copier-mvp
license: Proprietary
project_name: Acme Beta
"""


def test_every_migration_command_points_at_an_existing_module() -> None:
    for migration in COPIER_YML["_migrations"]:
        script = next(part for part in migration["command"] if part.endswith(".py"))
        relative = script.replace("{{ _copier_conf.src_path }}/", "")
        assert (TEMPLATE_ROOT / relative).is_file(), relative


def test_v0_2_0_renames_the_proprietary_licence(tmp_path: Path) -> None:
    answers = tmp_path / ".copier-answers.yml"
    answers.write_text(ANSWERS)

    assert v0_2_0_spdx_license.migrate(answers) is True

    text = answers.read_text()
    assert "license: LicenseRef-Proprietary\n" in text
    assert text.replace("LicenseRef-Proprietary", "Proprietary") == ANSWERS  # nothing else moved


def test_v0_2_0_leaves_other_licences_and_is_idempotent(tmp_path: Path) -> None:
    answers = tmp_path / ".copier-answers.yml"
    answers.write_text(ANSWERS.replace("Proprietary", "MIT"))
    assert v0_2_0_spdx_license.migrate(answers) is False
    answers.write_text(ANSWERS.replace("Proprietary", "LicenseRef-Proprietary"))
    assert v0_2_0_spdx_license.migrate(answers) is False


def test_v0_2_0_runs_as_a_script(tmp_path: Path) -> None:
    answers = tmp_path / ".copier-answers.yml"
    answers.write_text(ANSWERS.replace("license: Proprietary", "license: 'Proprietary'"))
    script = TEMPLATE_ROOT / "hooks" / "migrations" / "v0_2_0_spdx_license.py"

    result = run(sys.executable, str(script), str(answers), cwd=tmp_path)

    assert "license Proprietary -> LicenseRef-Proprietary" in result.output
    assert "license: LicenseRef-Proprietary" in answers.read_text()


def test_v0_2_0_refuses_a_wrong_call() -> None:
    assert v0_2_0_spdx_license.main([]) == 2
