from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime


class RateLimitWindow(Base):
    """How many times `key` was hit in the fixed window that began at `window_start`.

    `key` is a scope and the SHA-256 of what is limited ("login-account:3f9a..."), so the
    table holds no e-mail address or IP address in the clear.
    """

    __tablename__ = "rate_limit_windows"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
