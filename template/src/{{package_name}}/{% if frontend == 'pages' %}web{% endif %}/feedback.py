"""The feedback pages: the form at the foot of every signed-in page (and on a page of its own),
and the admins' list with its filters and CSV export. Each calls the same flow and service as
the API.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..config import Settings
from ..dependencies import SessionDep, SettingsDep
from ..errors import TooManyRequests, allowed_methods
from ..feedback import flows, service
from ..feedback.exceptions import DateRangeInvalid
from ..feedback.schemas import FeedbackCsv, FeedbackSend
from ..ratelimit.dependencies import LimiterDep
from ..user.models import User
from .dependencies import AdminPageUser, FormDep, SignedInUser
from .forms import FieldErrors, validate
from .pages import PageError, redirect, refused, render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
RATINGS = ("1", "2", "3", "4", "5")
# What the filter form sends: "" for "any", a digit, or a day as YYYY-MM-DD.
FilterText = Annotated[str, Query(max_length=10)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


def _form_page(
    request: Request, settings: Settings, user: User, values: dict[str, str],
    errors: FieldErrors, *, status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    return render(
        request, "feedback.html", settings=settings, user=user, values=values, errors=errors,
        ratings=RATINGS, status_code=status_code,
    )  # fmt: skip


@router.get("/feedback", response_class=HTMLResponse)
def feedback_page(request: Request, user: SignedInUser, settings: SettingsDep) -> HTMLResponse:
    """The feedback form on a page of its own (every signed-in page has it at its foot)."""
    values = {"rating": "", "text": "", "path": "/feedback"}
    return _form_page(request, settings, user, values, {})


@router.post("/feedback", response_class=HTMLResponse)
def send_feedback(
    request: Request, form: FormDep, user: SignedInUser, session: SessionDep,
    settings: SettingsDep, *, limiter: LimiterDep,
) -> Response:  # fmt: skip
    """Store the feedback, then go back to the page it was sent from with a thank-you."""
    values = {name: form.get(name) for name in ("rating", "text", "path")}
    rating = int(values["rating"]) if values["rating"] in RATINGS else None
    body, errors = validate(
        FeedbackSend, {"rating": rating, "text": values["text"], "path": values["path"]}
    )
    if rating is None:
        errors["rating"] = "Choose a rating from 1 (poor) to 5 (great)."
    if "path" in errors:  # the hidden field was altered: send the user back to the form
        values["path"] = "/feedback"
        errors["form"] = "The page this feedback is about is not on this site."
    if body is None:
        return _form_page(request, settings, user, values, errors, status_code=400)
    try:
        limiter.send_feedback(user_id=user.id)
    except TooManyRequests as error:
        page = _form_page(request, settings, user, values, {"form": error.message})
        return refused(page, error)
    flows.send(
        session, user_id=user.id, rating=body.rating, text=body.text, path=body.path,
        now=datetime.now(UTC),
    )  # fmt: skip
    # A page shown by a form's POST (a refused password change) has no GET: thank them here.
    page_scope = {**request.scope, "path": body.path}
    back = body.path if "GET" in allowed_methods(request.app, page_scope) else "/feedback"
    return redirect(back + "?notice=feedback-sent")


def _day(text: str, which: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PageError(
            400, "Filters not valid", f"Enter the {which} day as YYYY-MM-DD, or leave it empty."
        ) from None


def _filters(rating: str, since: str, until: str) -> service.Filters:
    """The filter form's values as filters; a PageError (400) names what is wrong."""
    if rating and rating not in RATINGS:
        raise PageError(400, "Filters not valid", "Choose a rating from 1 to 5, or any rating.")
    try:
        return service.Filters(
            rating=int(rating) if rating else None,
            since=_day(since, "first"),
            until=_day(until, "last"),
        )
    except DateRangeInvalid as error:
        raise PageError(400, "Filters not valid", error.message) from error


@router.get("/admin/feedback", response_class=HTMLResponse)
def admin_feedback(
    request: Request, admin: AdminPageUser, session: SessionDep, settings: SettingsDep, *,
    rating: FilterText = "", since: FilterText = "", until: FilterText = "", offset: Offset = 0,
) -> HTMLResponse:  # fmt: skip
    """Everyone's feedback, newest first, filtered by rating and UTC days, with a CSV link."""
    filters = _filters(rating, since, until)
    rows, total = service.list_page(session, filters=filters, limit=PAGE_SIZE, offset=offset)
    query = {"rating": rating, "since": since, "until": until}
    return render(
        request, "admin/feedback.html", settings=settings, user=admin, rows=rows, total=total,
        query=query, query_string=urlencode(query), filtered=any(query.values()), offset=offset,
        page_size=PAGE_SIZE, ratings=RATINGS,
    )  # fmt: skip


@router.get("/admin/feedback.csv")
def admin_feedback_csv(
    _admin: AdminPageUser, session: SessionDep, *, rating: FilterText = "",
    since: FilterText = "", until: FilterText = "",
) -> FeedbackCsv:  # fmt: skip
    """The list's filters, as a CSV download (at most 10,000 rows, newest first)."""
    filters = _filters(rating, since, until)
    return FeedbackCsv(service.to_csv(service.export_rows(session, filters=filters)))
