"""The Prometheus rules, their promtool unit tests, and the alert runbook agree with each other."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PROMETHEUS = ROOT / "ops" / "prometheus"
RUNBOOK = ROOT / "docs" / "runbooks" / "alerts.md"
RULE_FILES = sorted((PROMETHEUS / "rules").glob("*.yml"))
TEST_FILES = sorted((PROMETHEUS / "tests").glob("*.yml"))


@pytest.fixture(scope="module")
def promtool() -> str:
    found = os.environ.get("PROMTOOL") or shutil.which("promtool")
    if not found:
        pytest.skip(
            "promtool not found: set PROMTOOL or put it on PATH (on Debian,"
            " `apt-get download prometheus && dpkg-deb -x prometheus_*.deb DIR`"
            " gives DIR/usr/bin/promtool)"
        )
    return found


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=PROMETHEUS, capture_output=True, text=True, check=False)  # noqa: S603


def _alerts() -> list[dict[str, Any]]:
    rules = []
    for path in RULE_FILES:
        for group in yaml.safe_load(path.read_text())["groups"]:
            rules += [rule for rule in group["rules"] if "alert" in rule]
    return rules


def test_rules_are_valid(promtool: str) -> None:
    """promtool check rules accepts every rules file."""
    result = _run(promtool, "check", "rules", *map(str, RULE_FILES))
    assert result.returncode == 0, result.stdout + result.stderr


def test_rule_unit_tests_pass(promtool: str) -> None:
    """promtool test rules passes for every test file."""
    result = _run(promtool, "test", "rules", *map(str, TEST_FILES))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_is_tested_firing_and_quiet() -> None:
    """Each alert has a unit test case that fires it and one that shows it quiet."""
    firing: set[str] = set()
    quiet: set[str] = set()
    for path in TEST_FILES:
        for case in yaml.safe_load(path.read_text())["tests"]:
            for check in case.get("alert_rule_test", []):
                (firing if check.get("exp_alerts") else quiet).add(check["alertname"])
    names = {rule["alert"] for rule in _alerts()}
    assert names - firing == set()
    assert names - quiet == set()


def test_every_alert_has_severity_and_annotations() -> None:
    """Each alert carries a severity and the three annotations the on-call person reads."""
    for rule in _alerts():
        assert rule["labels"]["severity"] in {"page", "ticket"}, rule["alert"]
        assert {"summary", "description", "runbook_url"} <= set(rule["annotations"]), rule["alert"]


def test_every_runbook_url_points_to_a_runbook_section() -> None:
    """Each alert's runbook_url names docs/runbooks/alerts.md and a heading that exists in it."""
    headings = {
        re.sub(r"[^a-z0-9_-]", "", line.removeprefix("## ").strip().lower().replace(" ", "-"))
        for line in RUNBOOK.read_text().splitlines()
        if line.startswith("## ")
    }
    for rule in _alerts():
        page, _, anchor = rule["annotations"]["runbook_url"].partition("#")
        assert page == "docs/runbooks/alerts.md", rule["alert"]
        assert anchor in headings, rule["alert"]


GRAFANA = ROOT / "ops" / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))
# Grafana's own variables, replaced by what they stand for before promtool reads the query.
GRAFANA_VARIABLES = {"$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h"}


def _expressions() -> list[str]:
    found = []
    for path in DASHBOARDS:
        for panel in json.loads(path.read_text())["panels"]:
            found += [target["expr"] for target in panel["targets"]]
    return found


def test_dashboards_ship() -> None:
    """Both dashboards are provisioned from ops/grafana/dashboards."""
    assert {path.stem for path in DASHBOARDS} == {"service-overview", "analytics-pipeline"}


@pytest.mark.parametrize("path", DASHBOARDS, ids=[path.stem for path in DASHBOARDS])
def test_dashboard_matches_the_shipped_schema(path: Path) -> None:
    """Each dashboard validates against ops/grafana/dashboard.schema.json."""
    schema = json.loads((GRAFANA / "dashboard.schema.json").read_text())
    jsonschema.validate(json.loads(path.read_text()), schema)


def test_every_dashboard_query_is_valid_promql(promtool: str, tmp_path: Path) -> None:
    """promtool accepts every dashboard query, written as a recording rule."""
    rules = []
    for number, expr in enumerate(_expressions()):
        query = expr
        for variable, value in GRAFANA_VARIABLES.items():
            query = query.replace(variable, value)
        rules.append({"record": f"dashboard:query_{number}", "expr": query})
    rules_file = tmp_path / "dashboards.yml"
    rules_file.write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}))
    result = _run(promtool, "check", "rules", str(rules_file))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(rules)} rules found" in result.stdout


INFRA = ROOT / "infra"
ALARM_RUNBOOK = ROOT / "docs" / "deploy" / "alarms.md"


def _cloudwatch_alarms() -> dict[str, str]:
    """Each CloudWatch alarm's runbook anchor, mapped to the description that links it.

    The module's `this` alarms come from the keys of `local.alarms`; every other alarm is a
    resource of its own. Both name their anchor after the key, with hyphens.
    """
    source = (INFRA / "modules" / "monitoring" / "main.tf").read_text()
    resource = (
        r'resource "aws_cloudwatch_metric_alarm" "(\w+)" \{.*?alarm_description\s+= "([^\n]*)"'
    )
    descriptions = dict(re.findall(resource, source, re.DOTALL))
    start = source.index("alarms = {")
    keyed = re.findall(r"^    (\w+) = \{$", source[start : source.index("\n  }\n", start)], re.M)
    alarms = {key.replace("_", "-"): descriptions["this"] for key in keyed}
    singles = {name: text for name, text in descriptions.items() if name != "this"}
    alarms |= {name.replace("_", "-"): text for name, text in singles.items()}
    return alarms


def test_every_cloudwatch_alarm_links_to_its_runbook_section() -> None:
    """Each CloudWatch alarm names the runbook URL with an anchor that docs/deploy/alarms.md has."""
    headings = {line.removeprefix("## ").strip() for line in ALARM_RUNBOOK.read_text().splitlines()
                if line.startswith("## ")}  # fmt: skip
    alarms = _cloudwatch_alarms()
    assert len(alarms) >= 8, sorted(alarms)
    for anchor, description in alarms.items():
        assert anchor in headings, f"{anchor}: no '## {anchor}' section in {ALARM_RUNBOOK.name}"
        assert "Runbook: ${var.runbook_url}#" in description, anchor
        assert description.endswith(('#${replace(each.key, "_", "-")}', f"#{anchor}")), anchor


@pytest.mark.parametrize("environment", ["staging", "production"])
def test_every_environment_links_alarms_to_the_runbook_page(environment: str) -> None:
    """The runbook URL each environment hands the alarms is this repository's runbook page."""
    composition = (INFRA / "envs" / environment / "main.tf").read_text()
    url = re.search(r'runbook_url\s+= "([^"]+)"', composition)
    assert url is not None, f"{environment} sets no runbook_url"
    page = url.group(1).partition("/blob/main/")[2]
    assert page == str(ALARM_RUNBOOK.relative_to(ROOT)), url.group(1)
