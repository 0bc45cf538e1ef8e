"""Item rules: every query is scoped to its owner; the caller commits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .exceptions import ItemNotFound
from .models import Item


def create(
    session: Session, *, owner_id: int, name: str, description: str, price_cents: int
) -> Item:
    item = Item(owner_id=owner_id, name=name, description=description, price_cents=price_cents)
    session.add(item)
    session.flush()
    return item


def get(session: Session, *, owner_id: int, item_id: int) -> Item:
    item = session.scalars(
        select(Item).where(Item.id == item_id, Item.owner_id == owner_id)
    ).first()
    if item is None:
        raise ItemNotFound(item_id)
    return item


def list_page(
    session: Session, *, owner_id: int, limit: int, offset: int
) -> tuple[list[Item], int]:
    # One round trip: the page and, on each row, the owner's total (a window function).
    rows = session.execute(
        select(Item, func.count().over().label("total"))
        .where(Item.owner_id == owner_id)
        .order_by(Item.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    if rows:
        return [row[0] for row in rows], int(rows[0][1])
    # Past the last page there is no row to carry the total: count separately.
    total = session.scalar(select(func.count()).where(Item.owner_id == owner_id)) or 0
    return [], total


def update(session: Session, *, owner_id: int, item_id: int, changes: Mapping[str, Any]) -> Item:
    item = get(session, owner_id=owner_id, item_id=item_id)
    for field, value in changes.items():
        setattr(item, field, value)
    session.flush()
    return item


def delete(session: Session, *, owner_id: int, item_id: int) -> None:
    item = get(session, owner_id=owner_id, item_id=item_id)
    session.delete(item)
    session.flush()
