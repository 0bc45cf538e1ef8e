"""Item use cases: each calls the service, records its analytics event and commits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from ..analytics import events
from . import service
from .models import Item


def create_item(
    session: Session, *, owner_id: int, name: str, description: str, price_cents: int
) -> Item:
    item = service.create(
        session, owner_id=owner_id, name=name, description=description, price_cents=price_cents
    )
    events.item_created(session, user_id=owner_id, item_id=item.id, price_cents=item.price_cents)
    session.commit()
    return item


def update_item(
    session: Session, *, owner_id: int, item_id: int, changes: Mapping[str, Any]
) -> Item:
    """Changes the given fields; the event names them, never their values."""
    item = service.update(session, owner_id=owner_id, item_id=item_id, changes=changes)
    fields = ",".join(sorted(changes))
    events.item_updated(session, user_id=owner_id, item_id=item.id, fields=fields)
    session.commit()
    return item


def delete_item(session: Session, *, owner_id: int, item_id: int) -> None:
    service.delete(session, owner_id=owner_id, item_id=item_id)
    events.item_deleted(session, user_id=owner_id, item_id=item_id)
    session.commit()
