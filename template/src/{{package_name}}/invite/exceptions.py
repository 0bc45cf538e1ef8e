from __future__ import annotations

from ..errors import AppError, Conflict, NotFound, PermissionDenied


class InviteNotFound(NotFound):
    code = "invite_not_found"

    def __init__(self) -> None:
        super().__init__("No invite has this code; check the link you were sent.")


class InviteExpired(AppError):
    status_code = 410
    code = "invite_expired"

    def __init__(self) -> None:
        super().__init__("This invite has expired; ask for a new one.")


class InviteRevoked(AppError):
    status_code = 410
    code = "invite_revoked"

    def __init__(self) -> None:
        super().__init__("This invite was withdrawn; ask for a new one.")


class InviteNotChangeable(Conflict):
    """Resending or revoking an invite that was used or withdrawn."""

    code = "invite_not_changeable"


class InviteUsed(Conflict):
    code = "invite_used"

    def __init__(self) -> None:
        super().__init__("This invite has already been used.")


class InviteEmailMismatch(PermissionDenied):
    code = "invite_email_mismatch"

    def __init__(self) -> None:
        super().__init__("This invite was sent to another e-mail address.")


class InvitePending(Conflict):
    code = "invite_pending"


class AlreadyRegistered(Conflict):
    code = "already_registered"


class InviteImportError(Exception):
    """A CSV of invites with bad rows; nothing was imported."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
