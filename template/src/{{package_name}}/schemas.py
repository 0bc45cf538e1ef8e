"""The base for every request model: strict types, no unknown fields, storable text only.

And the base for the definitions the project reads from its own YAML files (the tracking plan,
the KPIs), whose errors name the file, the entry and the field.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PrivateAttr,
    ValidationError,
    field_validator,
)
from starlette.responses import Response

# The NUL rule below, as the OpenAPI schema states it, so that clients and fuzzers know it.
NO_NUL_PATTERN = "^[^\\x00]*$"


def _no_nul_in_schema(schema: dict[str, Any]) -> None:
    """Gives every free-text property of a request model's JSON Schema the NUL rule.

    A property with its own pattern or format (a UUID, an e-mail address, a date) is left as
    it is: its own rule already excludes NUL.
    """
    for prop in schema.get("properties", {}).values():
        for variant in prop.get("anyOf", [prop]):
            if variant.get("type") == "string" and not {"pattern", "format"} & set(variant):
                variant["pattern"] = NO_NUL_PATTERN


def _whole_number(value: Any) -> Any:
    # JSON has one number type, and JSON Schema's "integer" includes 268.0: a client (or a
    # JavaScript `JSON.stringify`) may send a whole number that way. `true` or "1" still fail.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# For an integer in a request body, as JSON Schema defines one: 3 and 3.0, never 3.5, "3" or
# true. It goes last in `Annotated[int, Field(...), WHOLE_NUMBER]`: before the Field, Pydantic
# would no longer write the bounds into the schema as `minimum`/`maximum`.
WHOLE_NUMBER = BeforeValidator(_whole_number)


class StrictModel(BaseModel):
    """Refuses coercion (`false` is not a number, `"1"` is not an integer) and extra fields."""

    model_config = ConfigDict(strict=True, extra="forbid", json_schema_extra=_no_nul_in_schema)

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        return storable_text(value)


def storable_text(value: Any) -> Any:
    """A string PostgreSQL can store, else a ValueError for the field's 422.

    PostgreSQL cannot store NUL characters, and lone surrogates cannot be encoded: refusing
    both here answers a 422 instead of failing in the database with a 500.
    """
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValueError("must be valid Unicode text") from error
    return value


class ModelResponse(Response):
    """A response model the endpoint built (and so validated), serialised once, in its thread.

    A plain `def` endpoint's return value costs FastAPI one more thread-pool hop to validate
    again, then two passes to serialise; endpoints on a hot path return this instead and name
    their model in `response_model=` for the schema (docs/adr/0010).
    """

    media_type = "application/json"

    def __init__(self, model: BaseModel, status_code: int = 200) -> None:
        super().__init__(model.model_dump_json(), status_code=status_code)


class DefinitionModel(BaseModel):
    """An entry of a definitions file: strict types, no unknown fields, never changed once read."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class NamedDefinition(DefinitionModel):
    """An entry whose name is its key in the file (given by `name_entries`), not a field."""

    _name: str = PrivateAttr(default="")

    @property
    def name(self) -> str:
        return self._name


def name_entries(entries: Mapping[str, NamedDefinition]) -> None:
    """Gives each entry of a mapping its key as its name."""
    for name, entry in entries.items():
        entry._name = name


DefinitionT = TypeVar("DefinitionT", bound=BaseModel)


class DefinitionError(ValueError):
    """A definitions file that its model refuses: one line per wrong field."""


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...], entries: dict[str, str]) -> str:
    """The fields allowed where `loc` points, following the model through its mappings."""
    current: Any = model
    parts = iter(loc)
    for part in parts:
        field = current.model_fields.get(part) if isinstance(part, str) else None
        if field is None:
            return "none"
        args = typing.get_args(field.annotation)
        current = args[-1] if args else field.annotation
        if part in entries:
            next(parts, None)  # the entry's own name
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return "none"
    return ", ".join(current.model_fields)


def _problem(model: type[BaseModel], error: Any, entries: dict[str, str]) -> str:
    """One error as `event 'x', property 'p', field 'type': what is allowed`."""
    loc: tuple[str | int, ...] = error["loc"]
    where: list[str] = []
    index = 0
    while index < len(loc):
        part = loc[index]
        if part in entries and index + 1 < len(loc):
            where.append(f"{entries[str(part)]} {loc[index + 1]!r}")
            index += 2
            continue
        where.append(f"field {part!r}" if isinstance(part, str) else f"item {part}")
        index += 1
    message = error["msg"]
    if error["type"] == "missing":
        message = "is required"
    elif error["type"] == "extra_forbidden":
        message = f"is not a field here; allowed: {_fields_at(model, loc[:-1], entries)}"
    return f"{', '.join(where)}: {message}" if where else message


def validate_definitions(
    model: type[DefinitionT], data: Any, *, path: Path, entries: dict[str, str]
) -> DefinitionT:
    """`data`, read from the file at `path`, as `model`; or a DefinitionError naming the file.

    `entries` names what each mapping of the file holds ({"events": "event"}), so an error
    reads `tracking_plan.yaml: event 'x', field 'source': Input should be 'server' or 'client'`.
    """
    try:
        return model.model_validate(data)
    except ValidationError as error:
        lines = [f"{path.name}: {_problem(model, each, entries)}" for each in error.errors()]
        raise DefinitionError("\n".join(lines)) from None


def load_definitions_file(
    model: type[DefinitionT], path: Path, *, entries: dict[str, str]
) -> DefinitionT:
    """The YAML file at `path` as `model`; or a DefinitionError, one line per wrong field."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return validate_definitions(model, data, path=path, entries=entries)
