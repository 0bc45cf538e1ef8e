"""smtp://, smtps:// and smtp+starttls://: any SMTP server or provider's relay.

The server's reply code decides: 5xx is a refusal that a retry cannot change (an unknown
mailbox, a rejected sender), 4xx and a lost connection are worth trying again.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Literal

from ...jobs.service import PermanentFailure, TemporaryFailure

TIMEOUT_SECONDS = 20


def _is_permanent(code: int) -> bool:
    return 500 <= code < 600


class SmtpTransport:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        username: str = "",
        password: str = "",
        security: Literal["none", "tls", "starttls"] | str = "none",
    ) -> None:
        self.host, self.port = host, port
        self.username, self.password = username, password
        self.security = security

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.security == "tls":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT_SECONDS, context=context)
        connection = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS)
        if self.security == "starttls":
            connection.starttls(context=context)
        return connection

    def send(self, message: EmailMessage) -> None:
        try:
            with self._connect() as connection:
                if self.username:
                    connection.login(self.username, self.password)
                refused = connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _text in error.recipients.values()]
            reason = "; ".join(
                f"{address}: {code} {text.decode(errors='replace')}"
                for address, (code, text) in error.recipients.items()
            )
            if all(_is_permanent(code) for code in codes):
                raise PermanentFailure(f"recipient refused: {reason}") from error
            raise TemporaryFailure(f"recipient deferred: {reason}") from error
        except smtplib.SMTPResponseException as error:
            text = (
                error.smtp_error.decode(errors="replace")
                if isinstance(error.smtp_error, bytes)
                else str(error.smtp_error)
            )
            reason = f"SMTP {error.smtp_code} {text}"
            if _is_permanent(error.smtp_code) and not isinstance(
                error, smtplib.SMTPAuthenticationError
            ):
                raise PermanentFailure(reason) from error
            raise TemporaryFailure(reason) from error
        except (smtplib.SMTPException, OSError) as error:
            raise TemporaryFailure(
                f"SMTP server {self.host}:{self.port} unreachable: {error}"
            ) from error
        if refused:  # pragma: no cover - one recipient per message: refusal raises above
            raise PermanentFailure(f"recipient refused: {refused}")
