"""The base for every request model: strict types, no unknown fields, storable text only."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, field_validator
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
        # PostgreSQL cannot store NUL characters, and lone surrogates cannot be encoded:
        # refuse both here with a 422 instead of failing in the database with a 500.
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
