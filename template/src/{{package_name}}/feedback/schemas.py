from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError
from starlette.responses import Response

from ..analytics.plan import without_query
from ..pagination import Page
from ..schemas import WHOLE_NUMBER, StrictModel
from .models import PATH_MAX_LENGTH, TEXT_MAX_LENGTH

# A page of this site as a browser sends its path, the rules below written into the schema:
# printable ASCII after one slash, not two; no '\\' or '@' and at most PATH_MAX_LENGTH
# characters before any '?' or '#', after which anything printable goes (it is dropped).
_PATH_CHAR = r"\x21-\x22\x24-\x3e\x41-\x5b\x5d-\x7e"
_FIRST_CHAR = r"\x21-\x22\x24-\x2e\x30-\x3e\x41-\x5b\x5d-\x7e"
# The quantifier is built apart: doubled braces in an f-string read as Jinja in the template.
_PATH_REST = "{0," + str(PATH_MAX_LENGTH - 2) + "}"
PATH_PATTERN = rf"^/([{_FIRST_CHAR}][{_PATH_CHAR}]{_PATH_REST})?([?#][\x21-\x7e]*)?$"


def _path_problems(value: object) -> object:
    """Names what is wrong with a path, before the schema's pattern would say it less clearly."""
    if not isinstance(value, str):
        return value
    path = without_query(value)
    if path.startswith("//") or "\\" in path:
        # Browsers read these as another host; the pages send the user back to this path.
        raise PydanticCustomError("path_not_local", "must be a path on this site, such as /items")
    if len(path) > PATH_MAX_LENGTH:
        raise PydanticCustomError(
            "path_too_long",
            "must be at most {max} characters before any '?' or '#'",
            {"max": PATH_MAX_LENGTH},
        )
    if "@" in path:
        # An address in a path would be personal data in the analytics event.
        raise PydanticCustomError("path_personal", "must not contain '@' (no e-mail addresses)")
    return value


# The BeforeValidator goes last, so that it runs first: a named refusal instead of the pattern's.
# Before the Field, Pydantic would leave the pattern out of the schema.
PagePath = Annotated[
    str,
    Field(
        min_length=1,
        max_length=2000,
        pattern=PATH_PATTERN,
        description="The page the feedback is about, such as /items; a query string or "
        "fragment is dropped.",
    ),
    AfterValidator(without_query),
    BeforeValidator(_path_problems),
]


class FeedbackSend(StrictModel):
    rating: Annotated[
        int, Field(ge=1, le=5, description="From 1 (poor) to 5 (great)."), WHOLE_NUMBER
    ]
    text: str = Field(
        default="", max_length=TEXT_MAX_LENGTH, description="What they want to tell you; optional."
    )
    path: PagePath


class FeedbackRead(BaseModel):
    id: int
    rating: int
    text: str
    path: str
    created_at: datetime


class FeedbackListed(FeedbackRead):
    user_id: int
    email: str


class FeedbackPage(Page[FeedbackListed]):
    pass


class FeedbackCsv(Response):
    """The export as a download, with a byte-order mark so that spreadsheets read UTF-8."""

    media_type = "text/csv; charset=utf-8"

    def __init__(self, text: str) -> None:
        super().__init__(
            "\ufeff" + text,
            headers={"content-disposition": 'attachment; filename="feedback.csv"'},
        )
