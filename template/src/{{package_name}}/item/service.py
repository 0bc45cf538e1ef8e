"""Item rules: every query is scoped to its owner; the caller commits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from ..db import Prepared, Reader
from .exceptions import ItemNotFound
from .models import Item
from .schemas import ItemRead


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


# A page is read-only: the table's columns, a statement prepared for the hot paths, go
# straight into the response model with no ORM step at all, validated in one call
# (docs/adr/0010, 0011, 0012). The total rides on each row (a window function): one round trip.
_ITEMS = Item.__table__
_FIELDS = tuple(ItemRead.model_fields)
_PAGE = Prepared(
    select(*[_ITEMS.c[name] for name in _FIELDS], func.count().over())
    .where(_ITEMS.c.owner_id == bindparam("owner_id"))
    .order_by(_ITEMS.c.id.desc())
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)
_COUNT = Prepared(select(func.count()).where(_ITEMS.c.owner_id == bindparam("owner_id")))
_READ_ALL = TypeAdapter(list[ItemRead])


def list_page(db: Reader, *, owner_id: int, limit: int, offset: int) -> tuple[list[ItemRead], int]:
    """The owner's items, newest first, and how many they have in all."""
    rows = db.all(_PAGE, owner_id=owner_id, limit=limit, offset=offset)
    if rows:
        items = _READ_ALL.validate_python([dict(zip(_FIELDS, row, strict=False)) for row in rows])
        return items, int(rows[0][-1])
    # Past the last page there is no row to carry the total: count separately.
    return [], int(db.scalar(_COUNT, owner_id=owner_id))


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
