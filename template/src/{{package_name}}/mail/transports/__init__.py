"""Where mail goes, chosen by EMAIL_URL; one small module per way of sending.

    console://                          logged, links included (the development default)
    file://<folder>                     each message written to <folder> as an .eml file
    smtp://[user:password@]host:port    any SMTP server; smtps:// for implicit TLS (465)
    smtp+starttls://[user:password@]host:port
    ses://<region>[?configuration_set=<name>]   Amazon SES through the task's IAM role

Every transport raises jobs' PermanentFailure for a refusal that retrying cannot cure and
TemporaryFailure for everything else, so the worker knows whether to try again.
"""

from __future__ import annotations

from email.message import EmailMessage
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from ...config import email_url_problem
from .console import ConsoleTransport
from .file import FileTransport
from .ses import SesTransport
from .smtp import SmtpTransport


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Deliver one message, or raise PermanentFailure / TemporaryFailure."""
        ...


def from_url(url: str) -> Transport:
    """The transport EMAIL_URL names (Settings has already refused a bad one)."""
    problem = email_url_problem(url)
    if problem:
        raise ValueError(problem)
    parts = urlsplit(url)
    if parts.scheme == "console":
        return ConsoleTransport()
    if parts.scheme == "file":
        return FileTransport(unquote(parts.netloc + parts.path))
    if parts.scheme == "ses":
        options = parse_qs(parts.query)
        return SesTransport(
            region=parts.hostname or "",
            configuration_set=options.get("configuration_set", [""])[0],
        )
    return SmtpTransport(
        host=parts.hostname or "",
        port=parts.port or 0,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        security={"smtps": "tls", "smtp+starttls": "starttls"}.get(parts.scheme, "none"),
    )
