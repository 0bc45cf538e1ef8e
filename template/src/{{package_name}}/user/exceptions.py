from __future__ import annotations

from ..errors import Conflict, NotAuthenticated


class EmailTaken(Conflict):
    code = "email_taken"


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__("The e-mail address or password is wrong.")
