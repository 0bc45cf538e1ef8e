"""The cost page (scripts/costs.py): current, priced from infra/prices.toml, honest about gaps."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("costs", ROOT / "scripts" / "costs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["costs"] = module
    spec.loader.exec_module(module)
    return module


costs = _load_script()
DATA, PROFILES, REGION, PROFILE = costs.load(ROOT)


def test_the_cost_page_is_what_the_script_writes() -> None:
    """docs/deploy/costs.md is current: after editing a price or a size, run the script."""
    assert costs.main(["--check"]) == 0


def test_the_page_names_the_region_and_profile_production_deploys() -> None:
    page = (ROOT / costs.PAGE).read_text()
    assert f"in {REGION}, the region" in page
    assert f"This project runs the **{PROFILE}** profile" in page


def test_the_beta_profile_costs_less_than_the_production_profile() -> None:
    region = costs.REFERENCE_REGION
    prices = DATA["regions"][region]
    _, beta = costs.table(costs.lines(PROFILES["beta"], DATA), prices)
    _, production = costs.table(costs.lines(PROFILES["production"], DATA), prices)
    assert 0 < beta < production


def test_each_line_is_its_unit_price_times_its_quantity() -> None:
    """A reader can check every figure: price x quantity, and the total is their sum."""
    prices = DATA["regions"][costs.REFERENCE_REGION]
    priced = costs.lines(PROFILES["beta"], DATA)
    body, total = costs.table(priced, prices)
    assert total == sum(prices[line.price]["usd"] * line.quantity for line in priced)
    assert f"**{costs.money(total)}**" in body
    nat = next(line for line in priced if line.price == "nat_gateway_hour")
    assert nat.quantity == DATA["hours_per_month"]  # one NAT gateway in the beta profile


def test_a_region_without_prices_gets_no_figure_of_its_own() -> None:
    """Never another region's prices as if they were this one's: the gaps are named."""
    page = costs.render(DATA, PROFILES, "ap-south-2", PROFILE)
    assert "## No figure for ap-south-2 yet" in page
    assert "`fargate_vcpu_hour`" in page
    assert "a month in ap-south-2" not in page
    assert f"## For orientation only: {costs.REFERENCE_REGION}, not ap-south-2" in page


def test_every_price_names_its_source_and_date() -> None:
    for region, prices in DATA["regions"].items():
        for key, price in prices.items():
            assert price["source"].startswith("https://"), (region, key)
            assert price["dated"], (region, key)


def test_check_fails_on_a_stale_page(tmp_path: Path) -> None:
    for part in ("infra", "docs/deploy"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns(".terraform*"))
    page = tmp_path / costs.PAGE
    page.write_text(page.read_text().replace("$", "EUR "))
    assert costs.main(["--check", "--root", str(tmp_path)]) == 1
    assert costs.main(["--root", str(tmp_path)]) == 0
    assert costs.main(["--check", "--root", str(tmp_path)]) == 0
