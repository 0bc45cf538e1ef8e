from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow

TEXT_MAX_LENGTH = 2000
# A path is also an analytics property, whose strings stop at 500 characters.
PATH_MAX_LENGTH = 500


class Feedback(Base):
    """One message: who sent it, from which page, their rating and their words.

    It goes with the account: deleting the user deletes their feedback (docs/security.md).
    """

    __tablename__ = "feedback"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_from_1_to_5"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int]
    text: Mapped[str] = mapped_column(String(TEXT_MAX_LENGTH), default="")
    # Without its query string and fragment, where invite codes and reset tokens travel.
    path: Mapped[str] = mapped_column(String(PATH_MAX_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
