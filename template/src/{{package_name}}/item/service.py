"""Item rules: every query is scoped to its owner; the caller commits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from pydantic import TypeAdapter
from sqlalchemy import Table, bindparam, func, insert, select
from sqlalchemy.orm import Session, make_transient_to_detached

from ..db import Prepared, Statements, insert_values, utcnow
from .exceptions import ItemNotFound
from .models import Item
from .schemas import ItemRead

_ITEMS = cast(Table, Item.__table__)
# Creating an item is a hot path: its row is written by a statement prepared once, in the
# session's transaction, with no unit of work (docs/adr/0012).
_CREATE = Prepared(
    insert(_ITEMS)
    .values(**insert_values(_ITEMS, "owner_id", "name", "description", "price_cents",
                            "created_at", "updated_at"))
    .returning(_ITEMS.c.id)
)  # fmt: skip


def create(
    session: Session, *, owner_id: int, name: str, description: str, price_cents: int
) -> Item:
    """The new item, in the session as if it had been loaded: later changes are flushed."""
    now = utcnow()
    values = {"owner_id": owner_id, "name": name, "description": description,
              "price_cents": price_cents, "created_at": now, "updated_at": now}  # fmt: skip
    item = Item(id=Statements.of(session).scalar(_CREATE, **values), **values)
    make_transient_to_detached(item)
    session.add(item)
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


def list_page(
    db: Statements, *, owner_id: int, limit: int, offset: int
) -> tuple[list[ItemRead], int]:
    """The owner's items, newest first, and how many they have in all."""
    rows = db.all(_PAGE, owner_id=owner_id, limit=limit, offset=offset)
    if rows:
        return (
            _READ_ALL.validate_python([dict(zip(_FIELDS, row, strict=False)) for row in rows]),
            int(rows[0][-1]),
        )
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
