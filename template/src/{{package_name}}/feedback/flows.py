"""Feedback use cases: store the message and record its event in one transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..analytics import events
from . import service
from .models import Feedback


def send(
    session: Session, *, user_id: int, rating: int, text: str, path: str, now: datetime
) -> Feedback:
    """Stores the feedback and records `feedback_sent` with the rating and page, never the text.

    The words stay in this database: the event, which a forwarder may hand to a vendor, says
    only how the page was rated.
    """
    feedback = service.create(
        session, user_id=user_id, rating=rating, text=text, path=path, now=now
    )
    events.feedback_sent(session, user_id=user_id, rating=rating, path=feedback.path)
    session.commit()
    return feedback
