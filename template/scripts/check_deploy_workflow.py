"""Check that the deploy workflow really ships what infra/ describes (the deployment gate).

A workflow file can be valid YAML, pass its JSON schema and still deploy nothing useful. This
check reads .github/workflows/deploy.yml and deploy-environment.yml and fails, naming each
gap, unless:

- every environment in infra/envs/ is deployed by a job, and production waits for staging;
- each deploy runs in a GitHub environment of that name (where approval is configured);
- AWS credentials come from OpenID Connect, never from stored keys, and an environment's
  deploy role (AWS_DEPLOY_ROLE_ARN) is assumed only by a job in a GitHub environment;
- migrations run as a one-off task before the service moves, then a smoke test runs;
- a person can redeploy an earlier image (the rollback) through `workflow_dispatch`.

Usage: python scripts/check_deploy_workflow.py [project root]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml


def problems(root: Path) -> list[str]:
    workflows = root / ".github" / "workflows"
    deploy, per_environment = workflows / "deploy.yml", workflows / "deploy-environment.yml"
    missing = [path.name for path in (deploy, per_environment) if not path.exists()]
    if missing:
        return [f"not set up: .github/workflows/{name} is missing" for name in missing]
    deploy_text, per_environment_text = deploy.read_text(), per_environment.read_text()
    # PyYAML reads the key `on` as True (YAML 1.1); the workflow's triggers live there.
    workflow: dict[Any, Any] = yaml.safe_load(deploy_text)
    called: dict[Any, Any] = yaml.safe_load(per_environment_text)
    found = _environment_jobs(root, workflow)
    found += _deploy_steps(called)
    text = deploy_text + per_environment_text
    if re.search(r"aws-(access-key-id|secret-access-key)|AWS_SECRET_ACCESS_KEY", text):
        found.append("long-lived AWS keys are used: assume a role by OpenID Connect instead")
    triggers = workflow.get("on", workflow.get(True)) or {}
    dispatch = triggers.get("workflow_dispatch") or {}
    if "image_tag" not in (dispatch.get("inputs") or {}):
        found.append("no workflow_dispatch input image_tag: an earlier image cannot be redeployed")
    return found


def _environment_jobs(root: Path, workflow: dict[Any, Any]) -> list[str]:
    """Every environment has a job, production after staging; all assume a role by OIDC."""
    environments = sorted(path.parent.name for path in root.glob("infra/envs/*/main.tf"))
    jobs: dict[str, Any] = workflow.get("jobs") or {}
    deploying = {
        job["with"]["environment"]: name
        for name, job in jobs.items()
        if str(job.get("uses", "")).endswith("/.github/workflows/deploy-environment.yml")
    }
    undeployed = [name for name in environments if name not in deploying]
    found = [f"no job deploys the environment {name}" for name in undeployed]
    if {"staging", "production"} <= deploying.keys():
        needs = jobs[deploying["production"]].get("needs", [])
        if deploying["staging"] not in ([needs] if isinstance(needs, str) else needs):
            found.append("production does not wait for staging to succeed")
    for name, job in jobs.items():
        if (job.get("permissions") or {}).get("id-token") != "write":
            found.append(f"job {name} cannot request an OpenID Connect token (id-token: write)")
        steps = job.get("steps") or []
        roles = [str((step.get("with") or {}).get("role-to-assume", "")) for step in steps]
        if not job.get("environment") and any("AWS_DEPLOY_ROLE_ARN" in role for role in roles):
            found.append(
                f"job {name} assumes a deploy role outside a GitHub environment: only the "
                "environment's jobs may (the build job uses AWS_BUILD_ROLE_ARN)"
            )
    return found


def _deploy_steps(called: dict[Any, Any]) -> list[str]:
    """The one-environment deploy: in its GitHub environment, migrate, apply, smoke-test."""
    job = (called.get("jobs") or {}).get("deploy") or {}
    found = []
    environment = job.get("environment")
    name = environment.get("name") if isinstance(environment, dict) else environment
    if not re.fullmatch(r"\$\{\{\s*inputs\.environment\s*\}\}", str(name)):
        found.append("the deploy job does not run in the GitHub environment it deploys")
    runs = [str(step.get("run", "")) for step in job.get("steps") or []]
    order = [
        # Registered first, so the migrations run the new image (the family's newest revision).
        ("registering the migrate task definition", "module.migration.aws_ecs_task_definition"),
        ("the migration task", "migrate_command"),
        ("terraform apply of the service", "terraform apply -auto-approve\n"),
        ("the smoke test", "smoke-test"),
    ]
    positions = []
    for label, marker in order:
        index = next((i for i, run in enumerate(runs) if marker in run + "\n"), None)
        if index is None:
            found.append(f"the deploy has no step for {label}")
        positions.append(index)
    present = [index for index in positions if index is not None]
    if present != sorted(present):
        found.append("the deploy must migrate, then apply, then smoke-test, in that order")
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1]
    found = problems(root)
    for problem in found:
        print(f"deploy workflow: {problem}")
    if not found:
        print("deploy workflow: every environment deployed, production after approval")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
