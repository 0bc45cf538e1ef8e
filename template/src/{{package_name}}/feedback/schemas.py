from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field
from pydantic_core import PydanticCustomError
from starlette.responses import Response

from ..pagination import Page
from ..schemas import StrictModel
from .models import PATH_MAX_LENGTH, TEXT_MAX_LENGTH

# Printable ASCII after one slash: a page of this site as a browser sends its path.
PATH_PATTERN = r"^/[\x21-\x7e]*$"


def page_path(value: str) -> str:
    """The path without its query string and fragment, which may carry codes and tokens."""
    path = value.split("?", 1)[0].split("#", 1)[0]
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
    return path


PagePath = Annotated[
    str,
    Field(
        min_length=1,
        max_length=2000,
        pattern=PATH_PATTERN,
        description="The page the feedback is about, such as /items; a query string or "
        "fragment is dropped.",
    ),
    AfterValidator(page_path),
]


class FeedbackSend(StrictModel):
    rating: int = Field(ge=1, le=5, description="From 1 (poor) to 5 (great).")
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
