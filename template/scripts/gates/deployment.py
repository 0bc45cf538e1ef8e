"""The deployment gate: the deploy workflow ships every environment; Terraform checks out."""

from __future__ import annotations

from scripts.gates import core
from scripts.gates.core import Gate


def gate() -> Gate:
    deployment = Gate("deployment", "the deploy workflow ships every environment; Terraform "
                      "validates and its tests pass")  # fmt: skip
    deployment.checks += [
        core.command_check("deploy-flow", core.uv("python", "scripts/check_deploy_workflow.py")),
        core.make_target_check("tf-validate", "infra-validate", "infra/ and infra.mk"),
        core.make_target_check("tf-test", "infra-test", "infra/ and infra.mk"),
    ]
    return deployment
