"""Request dependencies of the invite domain, shared by the API and the admin pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

# Bounded to the database's integer range, so a huge id is a 422, not a database error.
InviteId = Annotated[int, Path(ge=1, le=2_147_483_647)]
