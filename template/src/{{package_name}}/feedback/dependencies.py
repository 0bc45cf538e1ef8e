"""The admin's filters, read from the query string alike by the API and the pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query

from .service import Filters


async def feedback_filters(
    rating: Annotated[int | None, Query(ge=1, le=5, description="Only this rating.")] = None,
    since: Annotated[
        date | None, Query(description="Only feedback sent on or after this UTC day.")
    ] = None,
    until: Annotated[
        date | None, Query(description="Only feedback sent on or before this UTC day.")
    ] = None,
) -> Filters:
    return Filters(rating=rating, since=since, until=until)


FiltersDep = Annotated[Filters, Depends(feedback_filters)]
