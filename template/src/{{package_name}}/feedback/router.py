from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, status

from ..dependencies import SessionDep
from ..errors import error_responses
from ..pagination import PageDep
from ..ratelimit.dependencies import LimiterDep
from ..user.dependencies import AdminUser, CurrentUser
from . import flows, service
from .dependencies import FiltersDep
from .schemas import FeedbackCsv, FeedbackListed, FeedbackPage, FeedbackRead, FeedbackSend

router = APIRouter(tags=["feedback"])
# The errors stay JSON: the route keeps the JSON response class and returns the CSV itself.
_CSV: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "description": "The feedback as CSV, newest first.",
    }
}


def listed(row: service.Listed) -> FeedbackListed:
    item = row.feedback
    return FeedbackListed(
        id=item.id, rating=item.rating, text=item.text, path=item.path,
        created_at=item.created_at, user_id=item.user_id, email=row.email,
    )  # fmt: skip


@router.post(
    "/feedback",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(400, 401, 413, 422, 429),
)
def send_feedback(
    body: FeedbackSend, user: CurrentUser, session: SessionDep, limiter: LimiterDep
) -> FeedbackRead:
    """Send feedback on a page: a rating from 1 to 5 and, if you like, a few words."""
    limiter.send_feedback(user_id=user.id)
    feedback = flows.send(
        session, user_id=user.id, rating=body.rating, text=body.text, path=body.path,
        now=datetime.now(UTC),
    )  # fmt: skip
    return FeedbackRead.model_validate(feedback, from_attributes=True)


@router.get("/admin/feedback", responses=error_responses(401, 403, 422))
def list_feedback(
    _admin: AdminUser, session: SessionDep, page: PageDep, filters: FiltersDep
) -> FeedbackPage:
    """Everyone's feedback, newest first, by rating and UTC days, with the sender's address."""
    rows, total = service.list_page(session, filters=filters, limit=page.limit, offset=page.offset)
    return FeedbackPage(
        items=[listed(row) for row in rows], total=total, limit=page.limit, offset=page.offset
    )


@router.get(
    "/admin/feedback.csv",
    responses={**_CSV, **error_responses(401, 403, 422)},
)
def export_feedback(_admin: AdminUser, session: SessionDep, filters: FiltersDep) -> FeedbackCsv:
    """The same filters as the list, as CSV (at most 10,000 rows, newest first)."""
    return FeedbackCsv(service.to_csv(service.export_rows(session, filters=filters)))
