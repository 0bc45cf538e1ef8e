"""The admin's filters, read from the query string alike by the API and the pages."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from .service import Filters

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value: Any) -> Any:
    # Pydantic would also read "0" or "1700000000" as a day (seconds since 1970): a typo in a
    # filter must be refused, not answered with every row since 1970.
    if isinstance(value, str) and not ISO_DAY.match(value):
        raise PydanticCustomError("day_format", "must be a day written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]


async def feedback_filters(
    rating: Annotated[int | None, Query(ge=1, le=5, description="Only this rating.")] = None,
    since: Annotated[
        Day | None, Query(description="Only feedback sent on or after this UTC day.")
    ] = None,
    until: Annotated[
        Day | None, Query(description="Only feedback sent on or before this UTC day.")
    ] = None,
) -> Filters:
    return Filters(rating=rating, since=since, until=until)


FiltersDep = Annotated[Filters, Depends(feedback_filters)]
