from __future__ import annotations

from ..errors import AppError, Conflict, NotAuthenticated, NotFound, PermissionDenied


class EmailTaken(Conflict):
    code = "email_taken"


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__("The e-mail address or password is wrong.")


class WrongPassword(PermissionDenied):
    """The current password, confirmed before changing it, is not the account's."""

    code = "wrong_password"

    def __init__(self) -> None:
        super().__init__("The current password is wrong; nothing was changed.")


class InvalidResetLink(AppError):
    status_code = 400
    code = "invalid_reset_link"

    def __init__(self) -> None:
        super().__init__(
            "This password reset link is invalid, was already used or has expired; "
            "ask for a new one."
        )


class UserNotFound(NotFound):
    code = "user_not_found"


class OwnAccount(PermissionDenied):
    """An admin may not lock themself out: another admin has to do it."""

    code = "own_account"


class LastAdmin(Conflict):
    """The change would leave no active admin."""

    code = "last_admin"


class ResetNotSent(Conflict):
    """An admin's password reset that cannot go out now (recently sent, or a locked account)."""

    code = "reset_not_sent"
