from __future__ import annotations

from ..errors import AppError


class DateRangeInvalid(AppError):
    status_code = 422
    code = "date_range_invalid"

    def __init__(self) -> None:
        super().__init__(
            "'since' is after 'until': give the first day of the range, then the last (or either)."
        )
