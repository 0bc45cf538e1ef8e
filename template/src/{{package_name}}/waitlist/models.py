from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow

NOTE_MAX_LENGTH = 500


class WaitlistEntry(Base):
    """One address on the list (at most once), with what the person wants the product for."""

    __tablename__ = "waitlist_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    note: Mapped[str] = mapped_column(String(NOTE_MAX_LENGTH), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # Only a SHA-256 of the leave link's token: a leaked table lets no one remove anybody.
    leave_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("invites.id", ondelete="SET NULL"))

    @property
    def status(self) -> str:
        return "waiting" if self.invited_at is None else "invited"
