"""The deployment gate: the deploy workflow ships every environment; Terraform checks out."""

from __future__ import annotations

from scripts.gates import core
from scripts.gates.core import Check, Gate

# A project generated with deployment=none has no infra/: its deployment is not set up, which
# is a skip to allow by name (ALLOW_SKIP=deployment), never a pass.
NOT_SET_UP = (
    "not set up: no infra/ (generated with deployment=none); `copier update --trust --data "
    "deployment=aws` adds the AWS deployment"
)


def gate() -> Gate:
    deployment = Gate("deployment", "the deploy workflow ships every environment; Terraform "
                      "validates and its tests pass")  # fmt: skip
    if not (core.ROOT / "infra").is_dir():
        deployment.checks.append(Check("deployment", "skip", NOT_SET_UP))
        return deployment
    deployment.checks += core.together(
        lambda: core.command_check(
            "deploy-flow", core.uv("python", "scripts/check_deploy_workflow.py")
        ),
        terraform_checks,
    )
    return deployment


def terraform_checks() -> list[Check]:
    """validate, then test: both initialise infra/envs/*, so one after the other.

    Each Terraform folder is a make target of its own, so `-j` runs the folders side by side.
    """
    jobs = core.cores()
    return [
        core.make_target_check("tf-validate", "infra-validate", "infra/ and infra.mk", jobs=jobs),
        core.make_target_check("tf-test", "infra-test", "infra/ and infra.mk", jobs=jobs),
    ]
