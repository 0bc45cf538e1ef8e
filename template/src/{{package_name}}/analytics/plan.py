"""The tracking plan as typed data, the validation of events against it, and its renderings."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from ..schemas import (
    DefinitionModel,
    NamedDefinition,
    load_definitions_file,
    name_entries,
    storable_text,
    validate_definitions,
)

PLAN_PATH = Path(__file__).with_name("tracking_plan.yaml")
PropertyType = Literal["string", "path", "integer", "number", "boolean"]
Source = Literal["server", "client"]
MAX_STRING_LENGTH = 500
# Personal data never enters the event store: anything that looks like an e-mail address is refused.
_EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PYTHON_TYPES: dict[str, str] = {
    "string": "str",
    "path": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
}


# What each property type accepts; a bool is never a number, though Python counts it as one.
_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "path": lambda value: isinstance(value, str) and value.startswith("/"),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "boolean": lambda value: isinstance(value, bool),
}


def without_query(path: str) -> str:
    """A page path without its query string and fragment, where codes and tokens ride."""
    return path.split("?", 1)[0].split("#", 1)[0]


class PropertySpec(NamedDefinition):
    """A property of an event; its name is its key in the plan."""

    type: PropertyType
    required: bool = False
    description: str
    enum: Annotated[tuple[str, ...], Field(strict=False)] = ()  # YAML gives a list

    def problem_with(self, value: Any) -> str | None:
        if not _TYPE_CHECKS[self.type](value):
            wanted = "a path starting with /" if self.type == "path" else f"of type {self.type}"
            return f"property {self.name!r} must be {wanted}"
        unstorable = _unstorable(value)
        if unstorable:
            return f"property {self.name!r} {unstorable}"
        if isinstance(value, str):
            if len(value) > MAX_STRING_LENGTH:
                return f"property {self.name!r} is longer than {MAX_STRING_LENGTH} characters"
            if _EMAIL_LIKE.search(value):
                return (
                    f"property {self.name!r} looks like an e-mail address; "
                    "personal data is not allowed"
                )
            if self.enum and value not in self.enum:
                return f"property {self.name!r} must be one of {', '.join(self.enum)}"
        return None


def _unstorable(value: Any) -> str | None:
    """Why the value cannot be stored as sent, or None.

    Python's JSON parser reads NaN and Infinity, which JSON cannot hold (PostgreSQL refuses
    the row). A NUL or a lone surrogate is refused in every other text field of the API
    (PostgreSQL's text cannot hold a NUL; a lone surrogate is not UTF-8): properties too.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return "must be a finite number"
    try:
        storable_text(value)
    except ValueError as error:
        return str(error)
    return None


class EventSpec(NamedDefinition):
    """An event of the plan; its name is its key in the plan."""

    description: str
    owner: str
    fires: str
    source: Source
    properties: dict[str, PropertySpec] = Field(default_factory=dict)

    @field_validator("properties", mode="before")
    @classmethod
    def _none_is_no_properties(cls, value: Any) -> Any:
        return {} if value is None else value  # `properties:` left empty in the YAML

    def model_post_init(self, _context: Any, /) -> None:
        name_entries(self.properties)

    @cached_property
    def path_properties(self) -> tuple[str, ...]:
        return tuple(name for name, spec in self.properties.items() if spec.type == "path")

    def cleaned(self, properties: dict[str, Any]) -> dict[str, Any]:
        """The properties as they are stored: each path without its query string and fragment.

        Only the paths are looked at, and the dict is copied only when one changes: it runs
        for every client event.
        """
        stored = properties
        for name in self.path_properties:
            value = properties.get(name)
            if isinstance(value, str) and (cleaned := without_query(value)) != value:
                if stored is properties:
                    stored = dict(properties)
                stored[name] = cleaned
        return stored

    def problems_with(self, properties: dict[str, Any]) -> list[str]:
        # Runs for every client event: names come from the keys, as `name` (a private
        # attribute, reached through pydantic's __getattr__) costs a few microseconds a read.
        problems = [
            f"property {name!r} is not in the tracking plan for {self.name!r}"
            for name in sorted(properties.keys() - self.properties.keys())
        ]
        for name, spec in self.properties.items():
            value = properties.get(name)
            if value is None:
                if spec.required:
                    problems.append(f"property {name!r} is required")
                continue
            problem = spec.problem_with(value)
            if problem:
                problems.append(problem)
        return problems


class TrackingPlan(DefinitionModel):
    """tracking_plan.yaml: its JSON Schema is docs/analytics/tracking-plan.schema.json."""

    version: int
    events: dict[str, EventSpec]

    def model_post_init(self, _context: Any, /) -> None:
        name_entries(self.events)

    def problems_with(self, name: str, properties: dict[str, Any], *, source: Source) -> list[str]:
        """Why an event may not be stored; empty when it may."""
        spec = self._spec(name, source)
        return [spec] if isinstance(spec, str) else spec.problems_with(properties)

    def checked(
        self, name: str, properties: dict[str, Any], *, source: Source
    ) -> tuple[dict[str, Any], list[str]]:
        """The properties as they are stored (each path without its query string and
        fragment), and why the event may not be stored (empty when it may), with one look-up."""
        spec = self._spec(name, source)
        if isinstance(spec, str):
            return properties, [spec]
        cleaned = spec.cleaned(properties)
        return cleaned, spec.problems_with(cleaned)

    def _spec(self, name: str, source: Source) -> EventSpec | str:
        """The event's spec, or why no event of this name may come from `source`."""
        spec = self.events.get(name)
        if spec is None:
            return f"event {name!r} is not in the tracking plan"
        if spec.source != source:
            return f"event {name!r} is a {spec.source} event and cannot be sent by a {source}"
        return spec

    def of_source(self, source: Source) -> list[EventSpec]:
        return [spec for spec in self.events.values() if spec.source == source]


# What each mapping of the file holds, for its error messages.
PLAN_ENTRIES = {"events": "event", "properties": "property"}


def parse_plan(data: Any, *, path: Path = PLAN_PATH) -> TrackingPlan:
    """The plan read from `path`; a DefinitionError names the file, the entry and the field."""
    return validate_definitions(TrackingPlan, data, path=path, entries=PLAN_ENTRIES)


@lru_cache
def load_plan(path: Path = PLAN_PATH) -> TrackingPlan:
    return load_definitions_file(TrackingPlan, path, entries=PLAN_ENTRIES)


def json_schema() -> str:
    """The JSON Schema of tracking_plan.yaml, as docs/analytics/tracking-plan.schema.json."""
    return json.dumps(TrackingPlan.model_json_schema(), indent=2) + "\n"


def _annotation(spec: PropertySpec) -> str:
    base = (
        "Literal[" + ", ".join(f'"{value}"' for value in spec.enum) + "]"
        if spec.enum
        else _PYTHON_TYPES[spec.type]
    )
    return base if spec.required else f"{base} | None = None"


def render_events_module(plan: TrackingPlan) -> str:
    """The source of events.py: one typed function per server event of the plan."""
    needs_literal = any(
        prop.enum for spec in plan.events.values() for prop in spec.properties.values()
    )
    lines = [
        '"""Typed helpers for every server event of the tracking plan.',
        "",
        "Generated from tracking_plan.yaml by `analytics codegen`: do not edit by hand.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        *(["from typing import Literal", ""] if needs_literal else []),
        "from sqlalchemy.orm import Session",
        "",
        "from .service import track",
    ]
    for spec in plan.of_source("server"):
        ordered = sorted(spec.properties.values(), key=lambda prop: not prop.required)
        lines += [
            "",
            "",
            f"def {spec.name}(",
            "    session: Session,",
            "    *,",
            "    user_id: int | None,",
        ]
        lines += [f"    {prop.name}: {_annotation(prop)}," for prop in ordered]
        lines += [") -> None:", f'    """{spec.description}"""', "    track(", "        session,"]
        lines += [f'        "{spec.name}",', "        user_id=user_id,"]
        if ordered:
            lines.append("        properties={")
            lines += [
                f'            "{prop.name}": {prop.name},' for prop in spec.properties.values()
            ]
            lines.append("        },")
        else:
            lines.append("        properties={},")
        lines.append("    )")
    return "\n".join(lines) + "\n"


def render_markdown(plan: TrackingPlan) -> str:
    """The tracking plan as a documentation page."""
    out = [
        "# Tracking plan",
        "",
        "Generated from `tracking_plan.yaml` by `analytics docs`; edit the YAML, not this page.",
        "Properties never hold personal data: e-mail-like values are refused. A `path` is stored",
        "without its query string and fragment, where codes and tokens travel.",
    ]
    sources: tuple[Source, ...] = ("server", "client")
    for source in sources:
        out += ["", f"## {source.capitalize()} events"]
        for spec in plan.of_source(source):
            out += ["", f"### `{spec.name}`", "", spec.description, ""]
            out += [f"- Owner: {spec.owner}", f"- Fires: {spec.fires}"]
            if spec.properties:
                out += [
                    "",
                    "| Property | Type | Required | Description |",
                    "| --- | --- | --- | --- |",
                ]
                for prop in spec.properties.values():
                    kind = prop.type + (f" ({', '.join(prop.enum)})" if prop.enum else "")
                    required = "yes" if prop.required else "no"
                    out.append(f"| `{prop.name}` | {kind} | {required} | {prop.description} |")
            else:
                out += ["", "No properties."]
    return "\n".join(out) + "\n"
