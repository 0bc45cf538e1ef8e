"""The example domain's pages: list, create, edit and delete the signed-in user's items."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from ..config import Settings
from ..db import Statements
from ..dependencies import SessionDep, SettingsDep
from ..item import flows as item_flows
from ..item import service as item_service
from ..item.dependencies import ItemId
from ..item.exceptions import ItemNotFound
from ..item.models import Item
from ..item.schemas import ItemCreate
from ..user.models import User
from .dependencies import FormDep, SignedInUser, SubmittedForm
from .forms import FieldErrors, parse_price, validate
from .pages import PageError, render

router = APIRouter(prefix="/items", include_in_schema=False)
PER_PAGE = 20
PageNumber = Annotated[int, Query(ge=1, le=100_000)]


def _values(form: SubmittedForm) -> dict[str, str]:
    return {name: form.get(name) for name in ("name", "description", "price")}


def _parse(form: SubmittedForm) -> tuple[ItemCreate | None, FieldErrors]:
    """The item the form describes, or a message for each field that is wrong."""
    values = _values(form)
    cents, price_error = parse_price(values["price"])
    data = {"name": values["name"].strip(), "description": values["description"]}
    body, errors = validate(ItemCreate, {**data, "price_cents": cents or 0})
    if price_error:
        errors["price"] = price_error
    return (body if not errors else None), errors


def _owned(session: Session, user: User, item_id: int) -> Item:
    try:
        return item_service.get(session, owner_id=user.id, item_id=item_id)
    except ItemNotFound as error:
        raise PageError(404, "Item not found", error.message) from error


def _form_page(
    request: Request, settings: Settings, user: User, *, item: Item | None,
    values: dict[str, str], errors: FieldErrors,
) -> HTMLResponse:  # fmt: skip
    return render(
        request, "item_form.html", settings=settings, user=user, item=item, values=values,
        errors=errors, status_code=400 if errors else 200,
    )  # fmt: skip


@router.get("", response_class=HTMLResponse)
def list_items(
    request: Request, user: SignedInUser, session: SessionDep, settings: SettingsDep,
    page: PageNumber = 1,
) -> HTMLResponse:  # fmt: skip
    """The signed-in user's items, newest first."""
    found, total = item_service.list_page(
        Statements.of(session), owner_id=user.id, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
    )
    return render(
        request, "items.html", settings=settings, user=user, items=found, total=total,
        page=page, has_next=page * PER_PAGE < total,
    )  # fmt: skip


@router.get("/new", response_class=HTMLResponse)
def new_item(request: Request, user: SignedInUser, settings: SettingsDep) -> HTMLResponse:
    """The form for a new item."""
    values = {"name": "", "description": "", "price": ""}
    return _form_page(request, settings, user, item=None, values=values, errors={})


@router.post("/new", response_class=HTMLResponse)
def create_item(
    request: Request, form: FormDep, user: SignedInUser, session: SessionDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    """Create the item, or show the form again with a message by each wrong field."""
    body, errors = _parse(form)
    if body is None:
        return _form_page(request, settings, user, item=None, values=_values(form), errors=errors)
    item_flows.create_item(
        session, owner_id=user.id, name=body.name, description=body.description,
        price_cents=body.price_cents,
    )  # fmt: skip
    return RedirectResponse("/items?notice=item-created", status_code=303)


@router.get("/{item_id}/edit", response_class=HTMLResponse)
def edit_item(
    request: Request, item_id: ItemId, user: SignedInUser, session: SessionDep,
    settings: SettingsDep,
) -> HTMLResponse:  # fmt: skip
    """The form to change one of the user's items."""
    item = _owned(session, user, item_id)
    values = {
        "name": item.name,
        "description": item.description,
        "price": f"{item.price_cents / 100:.2f}",
    }
    return _form_page(request, settings, user, item=item, values=values, errors={})


@router.post("/{item_id}/edit", response_class=HTMLResponse)
def update_item(
    *, request: Request, item_id: ItemId, form: FormDep, user: SignedInUser, session: SessionDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    """Save the changes, or show the form again with a message by each wrong field."""
    item = _owned(session, user, item_id)
    body, errors = _parse(form)
    if body is None:
        return _form_page(request, settings, user, item=item, values=_values(form), errors=errors)
    changes = {
        field: value for field, value in body.model_dump().items() if getattr(item, field) != value
    }
    if changes:
        item_flows.update_item(session, owner_id=user.id, item_id=item.id, changes=changes)
    return RedirectResponse("/items?notice=item-updated", status_code=303)


@router.post("/{item_id}/delete")
def delete_item(
    item_id: ItemId, _form: FormDep, user: SignedInUser, session: SessionDep
) -> Response:
    """Delete one of the user's items."""
    item = _owned(session, user, item_id)
    item_flows.delete_item(session, owner_id=user.id, item_id=item.id)
    return RedirectResponse("/items?notice=item-deleted", status_code=303)
