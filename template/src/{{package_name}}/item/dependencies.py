"""Request dependencies of the item domain, shared by the API and the pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from ..dependencies import SessionDep
from ..user.dependencies import CurrentUser
from . import service
from .models import Item

# Bounded to the database's integer range, so a huge id is a 422, not a database error.
ItemId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def owned_item(item_id: ItemId, user: CurrentUser, session: SessionDep) -> Item:
    """The item with this id if the bearer token's user owns it, else ItemNotFound (404)."""
    return service.get(session, owner_id=user.id, item_id=item_id)


OwnedItem = Annotated[Item, Depends(owned_item)]
