"""The cost page of a generated project, rendered at copy time by the project's own script.

`docs/deploy/costs.md` must equal what the generated `scripts/costs.py` writes (its test fails
otherwise), so the template renders it with that very script and the data it ships
(`template/infra/prices.toml`, `template/infra/profiles.yaml`), for the answers' region and
profile: one implementation of the tables.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import yaml
from jinja2 import Environment
from jinja2.ext import Extension

TEMPLATE = Path(__file__).resolve().parents[1] / "template"


def _script() -> ModuleType:
    path = TEMPLATE / "scripts" / "costs.py"
    spec = importlib.util.spec_from_file_location("copier_mvp_costs", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def cost_page(region: str, profile: str) -> str:
    """docs/deploy/costs.md for a project in `region` running `profile`."""
    data = tomllib.loads((TEMPLATE / "infra" / "prices.toml").read_text())
    profiles = yaml.safe_load((TEMPLATE / "infra" / "profiles.yaml").read_text())
    page: str = _script().render(data, profiles, region, profile)
    return page


class CostsExtension(Extension):
    """Registers the `cost_page` filter with Copier's Jinja environment."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters["cost_page"] = cost_page
