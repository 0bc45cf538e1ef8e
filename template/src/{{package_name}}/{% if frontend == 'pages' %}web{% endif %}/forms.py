"""Turning what a form sent into a request model, or into one message per field.

The page routes validate with the same models as the JSON API, so a rule lives in one
place; only the wording changes, into sentences that say what is allowed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TypeVar

from pydantic import BaseModel, ValidationError

FieldErrors = dict[str, str]
Model = TypeVar("Model", bound=BaseModel)
MAX_PRICE_CENTS = 100_000_000


def _message(error: dict[str, object]) -> str:
    context = error.get("ctx")
    limits = context if isinstance(context, dict) else {}
    kind = error["type"]
    if kind == "string_too_short":
        minimum = limits.get("min_length", 1)
        return "This field is required." if minimum == 1 else f"Use at least {minimum} characters."
    if kind == "string_too_long":
        return f"Use at most {limits.get('max_length')} characters."
    if kind == "value_error" and "email" in str(error.get("msg", "")).lower():
        return "Enter an e-mail address such as name@example.com."
    return str(error.get("msg", "This value is not allowed."))


def validate(
    model: type[Model], data: dict[str, object], *, rename: dict[str, str] | None = None
) -> tuple[Model | None, FieldErrors]:
    """The model, or the first problem with each field (keyed by the form's field names)."""
    try:
        return model.model_validate(data), {}
    except ValidationError as error:
        errors: FieldErrors = {}
        for problem in error.errors():
            name = str(problem["loc"][0]) if problem["loc"] else "form"
            name = (rename or {}).get(name, name)
            errors.setdefault(name, _message(dict(problem)))
        return None, errors


def parse_price(text: str) -> tuple[int | None, str | None]:
    """A price typed as 12 or 12.50 in cents, or the reason it is not one."""
    text = text.strip().replace(",", "")
    if not text:
        return 0, None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        return None, "Enter a price such as 12 or 12.50 (digits, at most two decimals)."
    cents = int(amount * 100)
    if not 0 <= cents <= MAX_PRICE_CENTS:
        return None, f"Enter a price from 0 to {MAX_PRICE_CENTS // 100:,}."
    return cents, None
