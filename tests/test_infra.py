"""The generated project's deployment: container, compose stack, Terraform and its checks.

Tier 1 reads the rendered files. Tier 2 (slow) runs `make infra-check` in a generated project
(terraform fmt, validate for both environments, terraform test for every module, checkov,
hadolint) and breaks guarantees on purpose to show the Terraform tests catch them.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import DEFAULTS, render
from .helpers import Project, Result, Scorecard, run

MODULES = (
    "network", "registry", "database", "service", "monitoring", "backup", "bootstrap",
    "deploy_role", "kms_key", "encrypted_bucket", "email", "migration",
)  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp("infra") / "project")


def _instructions(dockerfile: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", dockerfile)
    lines = [line.strip() for line in joined.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def test_dockerfile_builds_in_stages_and_runs_unprivileged(project: Path) -> None:
    """Build tools stay in the build stage; the runtime stage runs as a non-root user."""
    instructions = _instructions((project / "Dockerfile").read_text())
    stages = [arguments for name, arguments in instructions if name == "FROM"]
    assert len(stages) >= 3 and " AS build" in stages[-2], stages
    last_from = max(index for index, (name, _) in enumerate(instructions) if name == "FROM")
    runtime = instructions[last_from:]
    users = [arguments for name, arguments in runtime if name == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}, users
    assert not [arguments for name, arguments in runtime if name == "RUN" and "uv " in arguments]
    assert any(name == "COPY" and "--from=build" in args for name, args in runtime)
    assert f"PYTHON_VERSION={DEFAULTS['python_version']}" in dict(instructions)["ARG"]


def test_dockerfile_checks_health_and_never_migrates_on_start(project: Path) -> None:
    instructions = dict(_instructions((project / "Dockerfile").read_text()))
    assert "/healthz" in instructions["HEALTHCHECK"]
    start = instructions["ENTRYPOINT"] + " " + instructions["CMD"]
    assert '"serve"' in start
    assert "migrate" not in start and "alembic" not in start


def test_health_checks_probe_liveness_and_the_smoke_test_readiness(project: Path) -> None:
    """A database outage fails no health check: only the deploy's smoke test needs the database."""
    service = (project / "infra/modules/service/main.tf").read_text()
    target_group = service.split('resource "aws_lb_target_group" "this"', 1)[1]
    target_group = target_group.split("\nresource ", 1)[0]
    path = re.search(r"^\s+path\s+=\s+local\.(\w+)$", target_group, re.MULTILINE)
    assert path, target_group
    value = re.search(rf'^\s+{path.group(1)}\s+=\s+"(\S+)"$', service, re.MULTILINE)
    assert value and value.group(1) == "/healthz", path.group(1)
    assert f"${{local.{path.group(1)}}}'" in service  # the container's own health check
    assert "/readyz" not in dict(_instructions((project / "Dockerfile").read_text()))["HEALTHCHECK"]
    assert '"${base_url}/readyz"' in (project / "scripts/smoke-test.sh").read_text()


def test_dockerignore_keeps_secrets_and_local_state_out(project: Path) -> None:
    """Everything is excluded by default; .env, var/ and .git are never re-included."""
    lines = (project / ".dockerignore").read_text().splitlines()
    assert "*" in lines
    included = {line[1:] for line in lines if line.startswith("!")}
    assert {"uv.lock", "src/", "migrations/", "alembic.ini"} <= included
    assert not included & {".env", "var/", ".git", ".venv"}


def _compose(project: Path) -> dict[str, Any]:
    compose: dict[str, Any] = yaml.safe_load((project / "compose.yaml").read_text())
    return compose


def test_compose_runs_the_whole_stack(project: Path) -> None:
    """App, PostgreSQL, Prometheus and Grafana; migrations run once before the app starts."""
    services = _compose(project)["services"]
    assert {"app", "postgres", "prometheus", "grafana", "migrate"} <= services.keys()
    assert services["migrate"]["command"] == ["migrate"]
    assert services["app"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert "migrate" not in services["app"]["command"]
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name, service in services.items():
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), f"{name} publishes {port} beyond this machine"


def _bind_mounts(service: dict[str, Any]) -> dict[str, str]:
    """Host path -> container path of a service's bind mounts (named volumes left out)."""
    mounts = [volume.split(":") for volume in service.get("volumes", [])]
    return {host: container for host, container, *_ in mounts if host.startswith(".")}


def test_compose_provisions_prometheus_and_grafana_from_the_project(project: Path) -> None:
    """Every mounted folder exists; Prometheus scrapes the app as job "api" with the rules."""
    services = _compose(project)["services"]
    for name in ("prometheus", "grafana"):
        for host in _bind_mounts(services[name]):
            assert (project / host).exists(), f"{name} mounts {host}, which is not generated"
    grafana = _bind_mounts(services["grafana"])
    assert grafana["./ops/grafana/provisioning"] == "/etc/grafana/provisioning"
    providers = yaml.safe_load(
        next((project / "ops/grafana/provisioning/dashboards").glob("*.yml")).read_text()
    )["providers"]
    dashboards_in_container = {provider["options"]["path"] for provider in providers}
    assert dashboards_in_container == {grafana["./ops/grafana/dashboards"]}
    assert list((project / "ops/grafana/dashboards").glob("*.json"))

    prometheus = yaml.safe_load((project / "ops/prometheus/prometheus.yml").read_text())
    (job,) = prometheus["scrape_configs"]
    assert job["job_name"] == "api"  # the alert rules select job="api"
    assert job["static_configs"][0]["targets"] == ["app:8000"]
    assert list((project / "ops/prometheus").glob(prometheus["rule_files"][0]))


def test_every_module_has_the_standard_files_and_tests(project: Path) -> None:
    for module in MODULES:
        folder = project / "infra" / "modules" / module
        for name in ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md"):
            assert (folder / name).is_file(), f"{module}/{name}"
        # Every module's tests run from infra/, so the AWS provider's schema is read once.
        assert (project / "infra" / "tests" / f"{module}.tftest.hcl").is_file(), module
    assert not list((project / "infra" / "modules").glob("*/tests")), "tests beside a module"


def test_every_variable_has_a_description_and_a_type(project: Path) -> None:
    for variables in (project / "infra").rglob("variables.tf"):
        blocks = re.split(r'^variable "', variables.read_text(), flags=re.MULTILINE)[1:]
        assert blocks, variables
        for block in blocks:
            name = block.split('"', 1)[0]
            assert re.search(r"^\s+description\s+=", block, re.MULTILINE), f"{variables}: {name}"
            assert re.search(r"^\s+type\s+=", block, re.MULTILINE), f"{variables}: {name}"


def test_keys_and_buckets_come_from_one_module_each_and_keep_their_addresses(
    project: Path,
) -> None:
    """Only kms_key and encrypted_bucket write keys and buckets; moved blocks keep old state."""
    modules = project / "infra" / "modules"
    for main_tf in modules.glob("*/main.tf"):
        text = main_tf.read_text()
        owner = main_tf.parent.name
        assert ('resource "aws_kms_key"' in text) == (owner == "kms_key"), main_tf
        assert ('resource "aws_s3_bucket"' in text) == (owner == "encrypted_bucket"), main_tf
        if 'source = "../kms_key"' in text:
            moved = "from = aws_kms_key.this\n  to   = module.kms_key.aws_kms_key.this\n"
            assert moved in text, f"{owner} lost the moved block of its key"
    # The state bucket refuses terraform destroy: its old address must land on that bucket.
    bootstrap = (modules / "bootstrap" / "main.tf").read_text()
    assert "from = aws_s3_bucket.this\n  to   = module.state_bucket.aws_s3_bucket.this[0]\n" in (
        bootstrap
    )
    assert "prevent_destroy" not in bootstrap  # the module's default: protected


def test_every_role_an_environment_makes_carries_its_boundary(project: Path) -> None:
    """A deploy role may only create or change roles under its environment's boundary."""
    modules = project / "infra" / "modules"
    bounded = set()
    for main_tf in modules.glob("*/main.tf"):
        roles = re.split(r'^resource "aws_iam_role" ', main_tf.read_text(), flags=re.MULTILINE)
        if main_tf.parent.name == "deploy_role" or len(roles) == 1:
            continue  # bootstrap's deploy roles are made by a person, not a deploy
        for role in roles[1:]:
            block = role.split("\n}\n", 1)[0]
            assert "permissions_boundary = var.permissions_boundary" in block, (main_tf, block)
        bounded.add(main_tf.parent.name)
    assert bounded == {"database", "migration", "network", "service"}
    for env in ("staging", "production"):
        main = (project / "infra" / "envs" / env / "main.tf").read_text()
        assert 'policy/${local.name}-boundary"' in main, env
        for module in bounded:
            block = main.split(f'module "{module}" {{', 1)[1].split("\n}\n", 1)[0]
            assert "permissions_boundary = local.permissions_boundary" in block, (env, module)


def test_the_regions_flow_into_the_environments(tmp_path: Path) -> None:
    """The answers set each environment's region, and production's disaster-recovery region."""
    project = render(tmp_path / "p", aws_region="us-east-2")
    envs = project / "infra" / "envs"
    production = (envs / "production" / "main.tf").read_text()
    staging = (envs / "staging" / "main.tf").read_text()
    regions = re.compile(r'^\s+(\w*region)\s+= "([a-z0-9-]+)"', re.MULTILINE)
    # The backend's region and the region the providers read (local.region, local.dr_region).
    assert regions.findall(staging) == [("region", "us-east-2"), ("region", "us-east-2")]
    assert regions.findall(production) == [
        ("region", "us-east-2"),
        ("region", "us-east-2"),
        ("dr_region", "us-west-2"),
    ]
    assert "region = local.dr_region" in production
    keys = [re.search(r'key\s+= "(.+)"', text).group(1) for text in (staging, production)]
    assert keys == ["staging/terraform.tfstate", "production/terraform.tfstate"]


@pytest.mark.parametrize("profile", ["beta", "production"])
def test_the_cost_profile_sizes_production_and_its_cost_page(tmp_path: Path, profile: str) -> None:
    """aws_profile is production's `profile`; its sizes come from the one profiles file."""
    project = render(tmp_path / "p", aws_profile=profile)
    production = project / "infra" / "envs" / "production"
    assert f'default     = "{profile}"' in (production / "profile.tf").read_text()
    main_tf = (production / "main.tf").read_text()
    for setting in ("min_tasks", "db_instance_class", "db_multi_az", "single_nat_gateway"):
        assert f"local.size.{setting}" in main_tf, setting
    profiles = yaml.safe_load((project / "infra" / "profiles.yaml").read_text())
    assert set(profiles) == {"beta", "production"}
    page = (project / "docs" / "deploy" / "costs.md").read_text()
    assert f"This project runs the **{profile}** profile" in page
    assert f"### {profile} (this project): $" in page


def test_a_priced_region_gets_its_own_figures(tmp_path: Path) -> None:
    """us-east-1 has every price: its page prices both profiles there, with no caveat."""
    page = (render(tmp_path / "p", aws_region="us-east-1") / "docs/deploy/costs.md").read_text()
    assert "### beta (this project): $" in page and "a month in us-east-1" in page
    assert "No figure for" not in page and "For orientation only" not in page


def test_a_forwarder_gets_its_secret_and_the_worker_forwards(tmp_path: Path) -> None:
    """The worker service drains the analytics queue: no schedule forwards events any more."""
    project = render(tmp_path / "p", analytics_forwarder="posthog")
    production = (project / "infra" / "envs" / "production" / "main.tf").read_text()
    assert '"ANALYTICS_SINK_KEY", "ANALYTICS_SINK_DELETION_KEY"' in production
    assert '"forward"' not in production
    assert "worker_service_name     = module.service.worker_service_name" in production


def test_the_environments_send_mail_through_ses(project: Path) -> None:
    """Both environments set EMAIL_URL, MAIL_FROM and PUBLIC_URL and grant the send policy."""
    for env in ("staging", "production"):
        main = (project / "infra" / "envs" / env / "main.tf").read_text()
        assert "EMAIL_URL  = module.email.email_url" in main, env
        assert "MAIL_FROM  = " in main and "PUBLIC_URL = var.public_url" in main, env
        assert "send-email = module.email.send_policy" in main, env
        example = (project / "infra" / "envs" / env / "terraform.tfvars.example").read_text()
        assert "mail_domain" in example and "public_url" in example, env


def test_every_retention_command_runs_daily_in_both_environments(project: Path) -> None:
    """Purges that no one schedules never run: each table with a retention has its schedule."""
    for env in ("staging", "production"):
        main = (project / "infra" / "envs" / env / "main.tf").read_text()
        for command in (
            '["analytics", "purge"]', '["user", "purge-sessions"]', '["waitlist", "purge"]',
        ):  # fmt: skip
            assert re.search(r'cron\([^)]*\)", command = ' + re.escape(command), main), (
                env,
                command,
            )


def test_every_checkov_skip_gives_its_reason(project: Path) -> None:
    lines = (project / ".checkov.yaml").read_text().splitlines()
    skips = [index for index, line in enumerate(lines) if re.match(r"\s+- CKV", line)]
    assert skips
    for index in skips:
        assert lines[index - 1].strip().startswith("#"), f"no reason above {lines[index]}"
    assert yaml.safe_load("\n".join(lines))["skip-check"]


def test_every_cloudwatch_alarm_has_a_runbook_section(project: Path) -> None:
    monitoring = (project / "infra" / "modules" / "monitoring" / "main.tf").read_text()
    alarms = [*re.findall(r"^    (\w+) = \{$", monitoring, re.MULTILINE), "http_5xx_rate"]
    assert len(alarms) == 9, alarms
    runbook = (project / "docs" / "deploy" / "alarms.md").read_text()
    for alarm in alarms:
        assert f"\n## {alarm.replace('_', '-')}\n" in runbook


def _deploy_check(project: Path) -> Result:
    script = project / "scripts" / "check_deploy_workflow.py"
    return run(sys.executable, str(script), str(project), cwd=project, check=False)


def test_the_deploy_workflow_ships_every_environment(project: Path) -> None:
    """The generated deploy workflow passes the deployment gate's own check."""
    result = _deploy_check(project)
    assert result.code == 0, result.output
    workflow = (project / ".github" / "workflows" / "deploy.yml").read_text()
    assert "AWS_REGION: eu-west-1" in workflow and "PROJECT: acme-beta" in workflow


# A deploy workflow weakened on purpose, and the gap the check must name.
WEAK_DEPLOYS = [
    ("deploy-environment.yml", "    environment:\n      name: ${{ inputs.environment }}\n",
     "    environment:\n      name: somewhere\n", "does not run in the GitHub environment"),
    ("deploy-environment.yml", "migrate_command", "true", "no step for the migration task"),
    ("deploy-environment.yml", "-target=module.migration.aws_ecs_task_definition.this", "",
     "no step for registering the migrate task definition"),
    ("deploy.yml", "    needs: staging\n", "    needs: build\n", "production does not wait"),
    ("deploy.yml", "      image_tag:\n        description:", "      tag:\n        description:",
     "no workflow_dispatch input image_tag"),
    ("deploy-environment.yml", "          role-to-assume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}\n",
     "          aws-access-key-id: ${{ secrets.KEY }}\n", "long-lived AWS keys"),
    ("deploy.yml", "role-to-assume: ${{ vars.AWS_BUILD_ROLE_ARN }}",
     "role-to-assume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}", "assumes a deploy role outside"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "setting", "weakened", "message"),
    WEAK_DEPLOYS,
    ids=[message.split()[-1] for *_, message in WEAK_DEPLOYS],
)
def test_a_weakened_deploy_workflow_is_named(
    project: Path, tmp_path: Path, name: str, setting: str, weakened: str, message: str
) -> None:
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".git", ".venv"))
    workflow = copy / ".github" / "workflows" / name
    text = workflow.read_text()
    assert setting in text, f"{setting!r} not in {name}"
    workflow.write_text(text.replace(setting, weakened))

    result = _deploy_check(copy)

    assert result.code == 1
    assert message in result.output, result.output


# ------------------------------------------------------------------ tier 2
INFRA_CHECK_TARGETS = {"infra-fmt", "infra-validate", "infra-test", "checkov", "hadolint"}
# The gates' checks that run those targets, by check name.
INFRA_CHECKS = {"terraform-fmt", "tf-validate", "tf-test", "checkov", "hadolint"}


def test_infra_check_is_the_gates_infra_targets(project: Path) -> None:
    """`make infra-check` runs exactly the targets whose checks the gates run one by one."""
    rule = re.search(r"^infra-check:([^#\n]*)", (project / "infra.mk").read_text(), re.MULTILINE)
    assert rule and set(rule.group(1).split()) == INFRA_CHECK_TARGETS


@pytest.fixture(scope="module")
def infra_logs(default_project: Project, default_gates: Scorecard) -> dict[str, str]:
    """What each infra check printed in the default project's `make gates` run."""
    if shutil.which("terraform") is None:
        pytest.skip("terraform not on PATH: install Terraform >= 1.9 to run the infra checks")
    for name in INFRA_CHECKS:
        assert default_gates.checks[name]["status"] == "pass", default_gates.checks[name]
    logs = default_project.path / "var" / "gates"
    return {name: (logs / f"{name}.log").read_text() for name in INFRA_CHECKS}


@pytest.mark.slow
@pytest.mark.xdist_group("default-project")
def test_infra_checks_pass_offline(infra_logs: dict[str, str]) -> None:
    """fmt, validate for both environments, terraform test everywhere, checkov, hadolint."""
    for root in ("infra/envs/staging", "infra/envs/production", "infra/bootstrap"):
        assert f"{root}: Success! The configuration is valid." in infra_logs["tf-validate"]
    tests = infra_logs["tf-test"]
    tested = re.findall(r"^== (infra\S*)\n", tests, re.MULTILINE)
    assert sorted(tested) == ["infra", "infra/envs/production", "infra/envs/staging"]
    assert tests.count(" 0 failed.") == len(tested)
    for module in MODULES:
        assert f"tests/{module}.tftest.hcl... pass" in tests, module
    checkov = infra_logs["checkov"]
    assert re.search(r"terraform scan results:\s+Passed checks: \d+, Failed checks: 0", checkov)
    assert re.search(r"dockerfile scan results:\s+Passed checks: \d+, Failed checks: 0", checkov)


# A guarantee weakened in the module: its terraform test must fail, naming the guarantee.
BROKEN_GUARANTEES = [
    ("database", "publicly_accessible    = false", "publicly_accessible = true", "never_public"),
    ("database", 'value = "1"', 'value = "0"', "requires_tls"),
    ("registry", "scan_on_push = true", "scan_on_push = false", "scans_every_pushed_image"),
    ("backup", "retention_period       = var.retention_days", "retention_period = 7", "replicates"),
    (
        "monitoring",
        "missing\n  alarm_actions       = [aws_sns_topic.this.arn]",
        "missing",
        "notifies|no_worker",  # the worker alarm is one of the same alarms
    ),
    (
        "deploy_role",
        'env => "repo:${var.repository}:environment:${env}" }',
        'env => "repo:${var.repository}:*" }',
        "each_role_trusts_only_its_environment",
    ),
    (
        "deploy_role",
        '"iam:PermissionsBoundary" = local.boundary_arns[each.key], "aws:RequestTag/Environment"',
        '"aws:RequestTag/Environment"',
        "roles_it_creates_carry_the_boundary",
    ),
    (
        "encrypted_bucket",
        'configuration {\n    status = "Enabled"',
        'configuration {\n    status = "Suspended"',
        "versioned",
    ),
    ("kms_key", "enable_key_rotation     = true", "enable_key_rotation = false", "rotates"),
    ("service", 'liveness_path = "/healthz"', 'liveness_path = "/readyz"', "checks_liveness"),
    (
        "migration",
        'valueFrom = "${var.migration_secret_arn}:${key}::"',
        'valueFrom = "${var.migration_secret_arn}::"',
        "reads_the_owner",
    ),
    ("service", 'command          = ["worker"]', 'command = ["serve"]', "runs_one_worker"),
    (
        "email",
        "Resource = concat(local.sender_identity_arns, [aws_sesv2_configuration_set.this.arn])",
        "Resource = concat(local.sender_identity_arns,"
        ' [aws_sesv2_configuration_set.this.arn, "*"])',
        "grants_sending",
    ),
    (
        "email",
        'mail_from_domain = "${var.mail_from_subdomain}.${var.domain}"',
        "mail_from_domain = var.domain",
        "returns_bounces",
    ),
]


# A failed assertion in `terraform test -no-color` output: the run it is in, then its message.
FAILED_ASSERTION = re.compile(
    r'^Error: Test assertion failed\n\n  on \S+ line \d+, in run "(\w+)":\n.*?\n\n(\S[^\n]*)',
    re.MULTILINE | re.DOTALL,
)


def _guarantee(run_name: str, message: str) -> str:
    """The guarantee a failed assertion names: its message's `name:` prefix, else its run."""
    prefix = re.match(r"([a-z][a-z0-9_]*): ", message)
    return prefix.group(1) if prefix else run_name


@pytest.mark.slow
@pytest.mark.xdist_group("default-project")
@pytest.mark.parametrize(
    ("module", "setting", "weakened", "guarantee"),
    BROKEN_GUARANTEES,
    ids=[f"{module}-{guarantee}" for module, _, _, guarantee in BROKEN_GUARANTEES],
)
def test_a_weakened_guarantee_fails_its_terraform_test(
    default_project: Project,
    infra_logs: dict[str, str],
    module: str,
    setting: str,
    weakened: str,
    guarantee: str,
) -> None:
    """Weakening one setting fails the assertions that name its guarantee, and only those.

    An assertion names its guarantee by the start of its message (`never_public: ...`), or,
    in a file whose runs each check one guarantee, by its run's name. The gates' `terraform
    test` run (infra_logs) initialised infra/, the root of every module's tests.
    """
    project = default_project
    main_tf = project.path / "infra" / "modules" / module / "main.tf"
    original = main_tf.read_text()
    assert original.count(setting) == 1, f"{setting!r} not found once in {module}/main.tf"
    main_tf.write_text(original.replace(setting, weakened))
    try:
        result = project.run(
            "scripts/with-aws-provider.sh", "infra",
            "terraform", f"-chdir={project.path / 'infra'}", "test", "-no-color",
            f"-filter=tests/{module}.tftest.hcl", check=False, timeout=300,
        )  # fmt: skip
    finally:
        main_tf.write_text(original)
    assert result.code != 0, result.tail(4000)
    assertions = FAILED_ASSERTION.findall(result.output)
    named = [_guarantee(run_name, message) for run_name, message in assertions]
    # `a|b`: a setting that two guarantees share fails the assertions of both, and no other.
    expected = guarantee.split("|")
    only_those = all(
        any(name == part or name.startswith(f"{part}_") for part in expected) for name in named
    )
    assert named and only_those, result.tail(4000)
    # A run that failed otherwise (an error, a refusal no longer made) is a guarantee lost too.
    failed_runs = set(re.findall(r'run "(\w+)"\.\.\. fail', result.output))
    assert failed_runs == {run_name for run_name, _ in assertions}, result.tail(4000)
