from __future__ import annotations

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from ..db import Statements
from ..dependencies import InSessionDep, SessionDep
from ..errors import error_responses
from ..pagination import Page, PageDep
from ..schemas import ModelResponse
from ..user.dependencies import Bearer, CurrentUser
from . import flows, service
from .dependencies import ItemId, OwnedItem
from .schemas import ItemCreate, ItemRead, ItemUpdate

router = APIRouter(prefix="/items", tags=["items"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ItemRead,
    responses=error_responses(400, 401, 413, 422),
)
async def create_item(body: ItemCreate, bearer: Bearer, in_session: InSessionDep) -> ModelResponse:
    """Create an item owned by the current user."""

    # The hot paths do their whole work in one step: one thread-pool hop, or on SQLite none
    # while no other writer holds the lock (docs/adr/0011, 0015).
    def create(session: Session) -> ModelResponse:
        item = flows.create_item(
            session,
            owner_id=bearer.user_id(Statements.of(session)),
            name=body.name,
            description=body.description,
            price_cents=body.price_cents,
        )
        return ModelResponse(ItemRead.model_validate(item), status_code=status.HTTP_201_CREATED)

    return await in_session.one_transaction(create)


@router.get("", response_model=Page[ItemRead], responses=error_responses(401, 422))
async def list_items(bearer: Bearer, in_session: InSessionDep, page: PageDep) -> ModelResponse:
    """The current user's items, newest first."""

    def read(db: Statements) -> ModelResponse:
        owner_id = bearer.user_id(db)
        items, total = service.list_page(
            db, owner_id=owner_id, limit=page.limit, offset=page.offset
        )
        return ModelResponse(
            Page[ItemRead](items=items, total=total, limit=page.limit, offset=page.offset)
        )

    return await in_session.read(read)


@router.get("/{item_id}", responses=error_responses(401, 404, 422))
def read_item(item: OwnedItem) -> ItemRead:
    """One of the current user's items."""
    return ItemRead.model_validate(item)


@router.patch("/{item_id}", responses=error_responses(400, 401, 404, 413, 422))
def update_item(
    item_id: ItemId, body: ItemUpdate, user: CurrentUser, session: SessionDep
) -> ItemRead:
    """Change some fields of an item; fields left out keep their value."""
    changes = body.model_dump(exclude_none=True)
    item = flows.update_item(session, owner_id=user.id, item_id=item_id, changes=changes)
    return ItemRead.model_validate(item)


@router.delete(
    "/{item_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(401, 404, 422),
)
def delete_item(item_id: ItemId, user: CurrentUser, session: SessionDep) -> None:
    """Delete an item for good."""
    flows.delete_item(session, owner_id=user.id, item_id=item_id)
