from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow
from ..jobs.models import Job

Status = Literal["queued", "sent", "failed", "accepted", "revoked", "expired"]


class Invite(Base):
    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    # Only a SHA-256 of the code is stored: a leaked table does not let anyone sign up.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The invitation e-mail for the current code (a resend queues another).
    mail_job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    mail_job: Mapped[Job | None] = relationship(lazy="joined")

    def status_at(self, now: datetime) -> Status:
        """What an admin needs to know first: used, withdrawn, lapsed, or where its e-mail is."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        if self.mail_job is None or self.mail_job.status == "waiting":
            return "queued"
        return "sent" if self.mail_job.status == "done" else "failed"

    @property
    def send_error(self) -> str | None:
        """Why the invitation e-mail could not be delivered (or why its last try failed)."""
        return self.mail_job.last_error if self.mail_job is not None else None
