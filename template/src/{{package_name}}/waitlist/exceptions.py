from __future__ import annotations

from ..errors import NotFound


class LeaveLinkInvalid(NotFound):
    code = "waitlist_link_invalid"

    def __init__(self) -> None:
        super().__init__(
            "This link does not match anyone on the waitlist: it was already used, or the "
            "address was invited or removed."
        )


class WaitlistEntryNotFound(NotFound):
    code = "waitlist_entry_not_found"


class WaitlistImportError(Exception):
    """A CSV of waitlist addresses with bad rows; nobody was invited."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
