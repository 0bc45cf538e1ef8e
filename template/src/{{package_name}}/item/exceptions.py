from __future__ import annotations

from ..errors import NotFound


class ItemNotFound(NotFound):
    code = "item_not_found"

    def __init__(self, item_id: int) -> None:
        super().__init__(f"Item {item_id} does not exist or is not yours.")
