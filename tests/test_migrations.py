"""Each `_migrations` entry of copier.yml has a module in hooks/migrations/ and a test here."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from hooks.migrations import (
    v0_2_0_example_domain,
    v0_2_0_kpis_move,
    v0_2_0_spdx_license,
    v0_6_0_aws_profile,
)

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


KPIS = (
    "# KPI definitions. Each is computed for one UTC day by the function "
    "of the same name in kpi.py\n"
    "kpis:\n  signups:\n    target: 12\n"
)


def _old_project(root: Path) -> Path:
    """A project as v0.1.0 laid it out, with a team's edit to a KPI target."""
    (root / "src" / "acme_beta" / "analytics").mkdir(parents=True)
    (root / "src" / "acme_beta" / "analytics" / "kpis.yaml").write_text(KPIS)
    answers = root / ".copier-answers.yml"
    answers.write_text(ANSWERS + "package_name: acme_beta\n")
    return answers


def test_v0_2_0_carries_the_kpi_definitions_to_their_new_path(tmp_path: Path) -> None:
    """The team's edit survives Copier deleting the old file between the two stages."""
    _old_project(tmp_path)

    assert v0_2_0_kpis_move.before(tmp_path, "acme_beta") is True
    (tmp_path / "src" / "acme_beta" / "analytics" / "kpis.yaml").unlink()  # what Copier does
    assert v0_2_0_kpis_move.after(tmp_path, "acme_beta") is True

    moved = (tmp_path / "src" / "acme_beta" / "kpi" / "kpis.yaml").read_text()
    assert "    target: 12\n" in moved
    assert "of the same name in queries.py\n" in moved
    assert not (tmp_path / v0_2_0_kpis_move.ASIDE).exists()


def test_v0_2_0_kpis_move_adds_the_kpis_the_template_gained_since(tmp_path: Path) -> None:
    """A KPI the template added after v0.1.0 comes in beside the team's edited ones, so the
    definitions keep matching the calculations the same update brings; theirs win."""
    _old_project(tmp_path)
    new = tmp_path / "src" / "acme_beta" / "kpi" / "kpis.yaml"
    new.parent.mkdir(parents=True)
    new.write_text(  # what Copier rendered from the new template
        "kpis:\n  signups:\n    target: 5\n\n  feedback_count:\n    description: >-\n"
        "      Feedback sent.\n    target: 1\n"
    )

    assert v0_2_0_kpis_move.before(tmp_path, "acme_beta") is True
    assert v0_2_0_kpis_move.after(tmp_path, "acme_beta") is True

    merged = yaml.safe_load(new.read_text())["kpis"]
    assert merged == {
        "signups": {"target": 12},
        "feedback_count": {"description": "Feedback sent.", "target": 1},
    }


def test_v0_2_0_kpis_move_does_nothing_without_the_old_file(tmp_path: Path) -> None:
    assert v0_2_0_kpis_move.before(tmp_path, "acme_beta") is False
    assert v0_2_0_kpis_move.after(tmp_path, "acme_beta") is False
    assert list(tmp_path.iterdir()) == []


def test_v0_2_0_kpis_move_runs_as_a_script_at_both_stages(tmp_path: Path) -> None:
    answers = _old_project(tmp_path)
    script = TEMPLATE_ROOT / "hooks" / "migrations" / "v0_2_0_kpis_move.py"

    outputs = [
        run(sys.executable, str(script), stage, answers.name, cwd=tmp_path).output
        for stage in ("before", "after")
    ]

    assert "kept aside" in outputs[0]
    assert "holds the project's KPI definitions" in outputs[1]
    assert "    target: 12\n" in (tmp_path / "src" / "acme_beta" / "kpi" / "kpis.yaml").read_text()


def test_v0_2_0_kpis_move_refuses_a_wrong_call(tmp_path: Path) -> None:
    assert v0_2_0_kpis_move.main([]) == 2
    assert v0_2_0_kpis_move.main(["during", "x"]) == 2
    assert v0_2_0_kpis_move.main(["before", str(tmp_path / "missing.yml")]) == 0


def test_every_migration_that_works_in_two_stages_runs_in_both() -> None:
    """Copier runs a migration after the update only, unless its `when` says otherwise."""
    for migration in COPIER_YML["_migrations"]:
        if "{{ _stage }}" in migration["command"]:
            assert migration.get("when") == "{{ true }}", migration["command"]


def test_v0_2_0_keeps_a_deleted_example_domain_deleted(tmp_path: Path) -> None:
    """What the update puts back in a deleted example folder is removed again, nothing else."""
    (tmp_path / "tests" / "item").mkdir(parents=True)  # the team kept the example's tests

    assert v0_2_0_example_domain.before(tmp_path, "acme_beta") == ["src/acme_beta/item"]
    resurrected = tmp_path / "src" / "acme_beta" / "item" / "flows.py"  # what Copier does
    resurrected.parent.mkdir(parents=True)
    resurrected.write_text("from .models import Item\n")
    assert v0_2_0_example_domain.after(tmp_path, "acme_beta") == ["src/acme_beta/item"]

    assert not resurrected.parent.exists()
    assert (tmp_path / "tests" / "item").is_dir()
    assert not (tmp_path / v0_2_0_example_domain.NOTE).exists()


def test_v0_2_0_example_domain_in_place_is_left_alone(tmp_path: Path) -> None:
    for folder in v0_2_0_example_domain.example_folders("acme_beta"):
        (tmp_path / folder).mkdir(parents=True)

    assert v0_2_0_example_domain.before(tmp_path, "acme_beta") == []
    assert v0_2_0_example_domain.after(tmp_path, "acme_beta") == []

    assert all((tmp_path / f).is_dir() for f in v0_2_0_example_domain.example_folders("acme_beta"))


def test_v0_2_0_example_domain_runs_as_a_script_at_both_stages(tmp_path: Path) -> None:
    answers = tmp_path / ".copier-answers.yml"
    answers.write_text(ANSWERS + "package_name: acme_beta\n")
    script = TEMPLATE_ROOT / "hooks" / "migrations" / "v0_2_0_example_domain.py"

    before = run(sys.executable, str(script), "before", answers.name, cwd=tmp_path).output
    (tmp_path / "src" / "acme_beta" / "item").mkdir(parents=True)
    after = run(sys.executable, str(script), "after", answers.name, cwd=tmp_path).output

    assert "src/acme_beta/item, tests/item deleted by the team, kept deleted" in before
    assert "src/acme_beta/item removed again" in after
    assert not (tmp_path / "src" / "acme_beta" / "item").exists()
    assert v0_2_0_example_domain.main([]) == 2


AWS_ANSWERS = """# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY
_commit: v0.5.0
_src_path: /templates/copier-mvp
aws_region: eu-west-1
deployment: aws
project_name: Acme Beta
"""


def test_v0_6_0_keeps_an_aws_project_on_the_production_profile(tmp_path: Path) -> None:
    """A project from before aws_profile keeps the sizes it runs, not the new beta default."""
    answers = tmp_path / ".copier-answers.yml"
    answers.write_text(AWS_ANSWERS)

    assert v0_6_0_aws_profile.migrate(answers) is True

    assert answers.read_text() == AWS_ANSWERS + "aws_profile: production\n"
    assert yaml.safe_load(answers.read_text())["aws_profile"] == "production"


def test_v0_6_0_leaves_an_answer_and_a_project_without_aws_alone(tmp_path: Path) -> None:
    answers = tmp_path / ".copier-answers.yml"
    for text in (
        AWS_ANSWERS + "aws_profile: beta\n",
        AWS_ANSWERS.replace("deployment: aws", "deployment: none"),
    ):
        answers.write_text(text)
        assert v0_6_0_aws_profile.migrate(answers) is False
        assert answers.read_text() == text


def test_v0_6_0_treats_a_project_from_before_the_deployment_question_as_aws(tmp_path: Path) -> None:
    answers = tmp_path / ".copier-answers.yml"
    answers.write_text(AWS_ANSWERS.replace("deployment: aws\n", ""))
    script = TEMPLATE_ROOT / "hooks" / "migrations" / "v0_6_0_aws_profile.py"

    result = run(sys.executable, str(script), str(answers), cwd=tmp_path)

    assert "aws_profile production recorded" in result.output
    assert answers.read_text().endswith("aws_profile: production\n")
    assert v0_6_0_aws_profile.main([]) == 2
