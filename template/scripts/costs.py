"""Write docs/deploy/costs.md: what production costs a month with each cost profile.

    uv run python scripts/costs.py           # rewrite docs/deploy/costs.md
    uv run python scripts/costs.py --check   # exit 1, saying so, when the page is stale

The figures come from infra/prices.toml (unit prices per region, each with its source) and
infra/profiles.yaml (what each profile runs, the file Terraform reads), for the region and the
profile infra/envs/production sets; tests/test_costs.py fails when the page is stale. A region
without every price gets no figure: the page names the prices to add.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGE = Path("docs/deploy/costs.md")
REFERENCE_REGION = "us-east-1"
_REGION = re.compile(r'^\s*region\s*=\s*"([a-z0-9-]+)"', re.MULTILINE)
_PROFILE = re.compile(r'variable "profile" \{.*?default\s*=\s*"([a-z]+)"', re.DOTALL)


@dataclass(frozen=True)
class Line:
    resource: str
    price: str  # the key in infra/prices.toml
    unit: str
    quantity: float


def load(root: Path) -> tuple[dict[str, Any], dict[str, Any], str, str]:
    """(prices, profiles, region, profile) of the project at `root`."""
    prices = tomllib.loads((root / "infra" / "prices.toml").read_text())
    profiles = yaml.safe_load((root / "infra" / "profiles.yaml").read_text())
    production = root / "infra" / "envs" / "production"
    region = _REGION.search((production / "main.tf").read_text())
    profile = _PROFILE.search((production / "profile.tf").read_text())
    if region is None or profile is None:
        raise SystemExit(f"costs: no region in {production}/main.tf or no profile in profile.tf")
    return prices, profiles, region.group(1), profile.group(1)


def lines(size: dict[str, Any], data: dict[str, Any]) -> list[Line]:
    """What one profile's production is billed for in a month, priced by infra/prices.toml."""
    hours, traffic, counts = data["hours_per_month"], data["traffic"], data["counts"]
    tasks, zones, storage = size["min_tasks"], size["az_count"], size["db_allocated_storage_gb"]
    nat_gateways = 1 if size["single_nat_gateway"] else zones
    database = size["db_instance_class"]
    copies = 2 if size["db_multi_az"] else 1
    rds_hour = f"rds_{'multi_az_' if copies == 2 else ''}hour.{database}"
    vcpu = (tasks * size["web_cpu"] + size["worker_cpu"]) / 1024
    memory_gb = (tasks * size["web_memory"] + size["worker_memory"]) / 1024
    logs = traffic["log_gb_per_month"]
    return [
        Line(f"Fargate: {tasks} web task(s) and the worker, vCPU", "fargate_vcpu_hour",
             "vCPU-hour", vcpu * hours),
        Line("Fargate: the same tasks, memory", "fargate_gb_hour", "GB-hour", memory_gb * hours),
        Line(f"RDS PostgreSQL {database}, {'multi-AZ' if copies == 2 else 'single zone'}",
             rds_hour, "hour", hours),
        Line(f"RDS gp3 storage, {storage} GB{' x 2 (the standby)' if copies == 2 else ''}",
             "rds_gp3_gb_month", "GB-month", storage * copies),
        Line(f"NAT gateway x {nat_gateways}", "nat_gateway_hour", "hour", nat_gateways * hours),
        Line("NAT gateway data processed", "nat_gateway_gb", "GB", traffic["nat_gb_per_month"]),
        Line(f"Public IPv4 addresses: {nat_gateways} NAT, {zones} load balancer",
             "public_ipv4_hour", "address-hour", (nat_gateways + zones) * hours),
        Line("Application Load Balancer", "alb_hour", "hour", hours),
        Line("Application Load Balancer capacity", "alb_lcu_hour", "LCU-hour",
             traffic["alb_lcu_average"] * hours),
        Line("WAF web ACL", "waf_acl_month", "month", 1),
        Line("WAF rules", "waf_rule_month", "rule-month", counts["waf_rules"]),
        Line("WAF requests inspected", "waf_million_requests", "million",
             traffic["waf_million_requests_per_month"]),
        Line("CloudWatch Logs ingested", "logs_ingested_gb", "GB", logs),
        Line("CloudWatch Logs stored (a year kept)", "logs_stored_gb_month", "GB-month",
             logs * traffic["log_months_kept"]),
        Line("Secrets Manager secrets", "secret_month", "secret-month", counts["secrets"]),
        Line("KMS customer-managed keys", "kms_key_month", "key-month", counts["kms_keys"]),
    ]  # fmt: skip


def endpoint_lines(size: dict[str, Any], data: dict[str, Any]) -> list[Line]:
    """What interface endpoints would cost instead of the profile's NAT gateways."""
    endpoints, zones = data["counts"]["interface_endpoints"], size["az_count"]
    return [
        Line(f"{endpoints} interface endpoints x {zones} zones", "interface_endpoint_hour",
             "endpoint-hour", endpoints * zones * data["hours_per_month"]),
        Line("Interface endpoint data processed", "interface_endpoint_gb", "GB",
             data["traffic"]["nat_gb_per_month"]),
    ]  # fmt: skip


def missing(region_prices: dict[str, Any], priced: list[Line]) -> list[str]:
    return sorted({line.price for line in priced if line.price not in region_prices})


def money(value: float) -> str:
    return f"${value:,.2f}"


def table(priced: list[Line], region_prices: dict[str, Any]) -> tuple[str, float]:
    rows = [
        "| Resource | Unit price | Quantity a month | Monthly |",
        "| --- | ---: | ---: | ---: |",
    ]
    total = 0.0
    for line in priced:
        usd = region_prices[line.price]["usd"]
        cost = usd * line.quantity
        total += cost
        price = f"${usd:g} per {line.unit}"
        rows.append(f"| {line.resource} | {price} | {line.quantity:,.6g} | {money(cost)} |")
    rows.append(f"| **Total** | | | **{money(total)}** |")
    return "\n".join(rows), total


def section(region: str, data: dict[str, Any], profiles: dict[str, Any], chosen: str) -> str:
    """Each profile's table for one region whose every price is known."""
    region_prices = data["regions"][region]
    parts = []
    for name, size in profiles.items():
        body, total = table(lines(size, data), region_prices)
        mark = " (this project)" if name == chosen else ""
        parts.append(f"### {name}{mark}: {money(total)} a month in {region}\n\n{body}")
    nat = [line for line in lines(profiles["beta"], data) if line.price.startswith("nat_")]
    nat_body, nat_total = table(nat, region_prices)
    endpoint_body, endpoint_total = table(endpoint_lines(profiles["beta"], data), region_prices)
    parts.append(
        f"### One NAT gateway or interface endpoints, in {region}\n\n"
        f"The beta profile's NAT gateway, {money(nat_total)} a month:\n\n{nat_body}\n\n"
        f"The interface endpoints the tasks would need instead, {money(endpoint_total)} a "
        f"month:\n\n{endpoint_body}"
    )
    return "\n\n".join(parts)


def sources(region: str, data: dict[str, Any]) -> str:
    rows = ["| Price | USD | Source | Dated |", "| --- | ---: | --- | --- |"]
    for key, price in sorted(data["regions"][region].items()):
        source, dated = price["source"], price["dated"]
        rows.append(f"| `{key}` | {price['usd']:g} | <{source}> | {dated} |")
    return "\n".join(rows)


def render(data: dict[str, Any], profiles: dict[str, Any], region: str, chosen: str) -> str:
    """The whole page for `region`, marking the profile production runs."""
    traffic, hours = data["traffic"], data["hours_per_month"]
    nat_gb, log_gb = traffic["nat_gb_per_month"], traffic["log_gb_per_month"]
    stored_gb = log_gb * traffic["log_months_kept"]
    requests, lcu = traffic["waf_million_requests_per_month"], traffic["alb_lcu_average"]
    needed = [
        line
        for size in profiles.values()
        for line in lines(size, data) + endpoint_lines(size, data)
    ]
    gaps = missing(data["regions"].get(region, {}), needed)
    if gaps:
        names = ", ".join(f"`{key}`" for key in gaps)
        figures = (
            f"## No figure for {region} yet\n\n"
            f"`infra/prices.toml` has no {region} price for: {names}. This page gives no {region} "
            f"figure until it does: read them from AWS's pricing pages "
            f"(<https://aws.amazon.com/pricing/>), add them with their source, and run the "
            f"script.\n\n"
            f"## For orientation only: {REFERENCE_REGION}, not {region}\n\n"
            f"The same resources at {REFERENCE_REGION}'s prices; {region}'s differ.\n\n"
            f"{section(REFERENCE_REGION, data, profiles, chosen)}\n\n"
            f"## Prices used ({REFERENCE_REGION})\n\n{sources(REFERENCE_REGION, data)}"
        )
    else:
        figures = (
            f"## Each profile in {region}\n\n{section(region, data, profiles, chosen)}\n\n"
            f"## Prices used ({region})\n\n{sources(region, data)}"
        )
    return f"""# Costs

<!-- Written by `uv run python scripts/costs.py` from infra/prices.toml and infra/profiles.yaml;
tests/test_costs.py fails when it is stale. Edit those, then run the script. -->

What production costs a month with each cost profile, in {region}, the region
`infra/envs/production` deploys to. This project runs the **{chosen}** profile: the `profile`
variable in `infra/envs/production/profile.tf` (the copier answer `aws_profile`), whose sizes
are in `infra/profiles.yaml`. Staging is not counted here.

- **beta**: one web task (autoscaling up to 2), a single-zone `db.t4g.micro`, one NAT gateway.
  A task crash or a zone outage is minutes of downtime; a database host failure is a restore.
- **production**: 2 to 10 tasks over two zones, a multi-AZ `db.t4g.medium`, a NAT gateway per
  zone. Either zone can fail without an outage.

Both keep 30 days of point-in-time recovery copied to the disaster-recovery region, the WAF,
the alarms and deletion protection. Moving from beta to production is
`copier update --trust --data aws_profile=production` and a deploy; the database's new class
restarts it, minutes of downtime, so apply it in a quiet hour.

## Traffic assumed

- {nat_gb} GB a month through the NAT gateways: image pulls on deploys, calls to AWS APIs
  (logs, secrets, mail) and to outside services.
- {log_gb} GB of logs a month (the app, the WAF and the VPC flow logs), kept a year: {stored_gb} GB
  stored once the first year is over.
- {requests} million requests a month through the WAF, and {lcu} load balancer capacity unit
  on average.
- {hours} hours a month; autoscaling at its floor (each extra web task adds its vCPU and memory
  lines again while it runs).

Not counted: data transfer out to the internet and between zones, the backups' storage beyond
the free allowance and their copy in the disaster-recovery region, the scheduled one-off tasks
(minutes a day), ECR storage, SES messages, CloudWatch alarms, metrics and dashboards, API
requests to KMS and Secrets Manager, Route 53, taxes and any free tier or discount.

## Why a NAT gateway and not VPC endpoints

The tasks in the private subnets reach ECR, CloudWatch Logs, Secrets Manager and SES, and, with
error tracking or an analytics forwarder, services outside AWS. Interface endpoints would cover
only the AWS services, one per zone each, so a NAT gateway would still be needed for the rest;
and the endpoints alone cost more than one NAT gateway at this traffic (the last table of each
region below). [ADR 0013](../adr/0013-one-nat-gateway-for-the-beta-profile.md) records the choice.

{figures}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=ROOT, help="the project")
    parser.add_argument("--check", action="store_true", help="fail when the page is stale")
    args = parser.parse_args(argv)
    data, profiles, region, chosen = load(args.root)
    page = render(data, profiles, region, chosen)
    target = args.root / PAGE
    if args.check:
        if target.exists() and target.read_text() == page:
            print(f"costs: {PAGE} is current ({region}, profile {chosen})")
            return 0
        print(f"costs: {PAGE} is stale: run `uv run python scripts/costs.py`")
        return 1
    target.write_text(page)
    print(f"costs: wrote {PAGE} ({region}, profile {chosen})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
