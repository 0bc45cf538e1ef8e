"""Logs as one JSON object per line, so the log store can filter on request_id, route or status.

Every line is redacted on its way out (docs/security.md, "Logs"): e-mail addresses, password
hashes, bearer tokens and the values of secret-looking parameters (`token=`, `code=`,
`password=`...) are replaced wherever they appear, in the message, an `extra=` field or a
traceback. The database engine hides statement parameters too (db.py); this is the net below
it, for the text a driver or a library puts in its own messages.

Every line written while a request is handled carries its `request_id`, whichever module logs
it: the request-id middleware binds the id to a context variable, and a filter on the handler
copies it onto each record. A job queued by the request keeps the id (jobs/service.py), and
the worker binds it again while running the job, so one search finds both halves.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# Attributes every LogRecord has; anything else on a record came from `extra=` and is kept.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
}


# Each pattern and what replaces it. PostgreSQL names the duplicate value of a unique key
# ("Key (email)=(bob@example.com) already exists"), so e-mail addresses go whatever the context.
_SECRET_NAMES = frozenset({
    "password", "new_password", "token", "access_token", "refresh_token", "code", "invite_code",
    "secret", "secret_key", "key", "csrf_token",
})  # fmt: skip
_HIDDEN_PARAMETERS = f"(?:{'|'.join(sorted(_SECRET_NAMES))})"
_REDACTIONS = (
    (re.compile(r"[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "[email]"),
    (
        re.compile(r"\$(?:argon2(?:id|i|d)|2[aby]|scrypt|pbkdf2[\w-]*)\$[\w$=,.+/-]*[\w=.+/-]"),
        "[password hash]",
    ),
    (re.compile(r"(?i)\b(bearer\s+)[\w.~+/-]+=*"), r"\1[token]"),
    (re.compile(rf"(?i)([?&#;\s(,]{_HIDDEN_PARAMETERS}=)[^&\s'\",)\]]+"), r"\1[redacted]"),
)


@dataclass(slots=True)
class _Handling:
    """What is known of the request (or the job) being handled; shared by its threads."""

    request_id: str
    user_id: int | None = None


_handling: ContextVar[_Handling | None] = ContextVar("handling", default=None)


def current_request_id() -> str | None:
    """The id of the request (or of the job queued by one) being handled, None outside one."""
    handling = _handling.get()
    return handling.request_id if handling else None


def current_user_id() -> int | None:
    """The signed-in user of the request being handled, once the session check has found it."""
    handling = _handling.get()
    return handling.user_id if handling else None


def identify_user(user_id: int) -> None:
    """Records who the request is from (for the error tracker; log lines never carry it).

    A sync dependency runs in a worker thread with a copy of the context: the copy holds
    the same `_Handling` object, so what it records here is seen by the whole request.
    """
    handling = _handling.get()
    if handling is not None:
        handling.user_id = user_id


@contextmanager
def bound_request_id(request_id: str | None) -> Iterator[None]:
    """Log lines written inside the block carry `request_id` (None: they carry none)."""
    token = _handling.set(_Handling(request_id) if request_id else None)
    try:
        yield
    finally:
        _handling.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the bound request id on each record; one set by `extra=` is left as it is."""

    def filter(self, record: logging.LogRecord) -> bool:
        handling = _handling.get()
        if handling is not None and not hasattr(record, "request_id"):
            record.request_id = handling.request_id
        return True


def redact(text: str) -> str:
    """`text` with e-mail addresses, password hashes, tokens and secret parameters replaced."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


def redact_tree(value: Any, name: str = "") -> Any:
    """`value` with every string in it redacted, through dicts and lists, and whatever is
    held under a secret-looking name (`password`, `token`, `code`...) hidden entirely.
    """
    if name.lower() in _SECRET_NAMES and value not in (None, ""):
        return "[redacted]"
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_tree(item, str(key)) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact_tree(item) for item in value]
    return value


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update((k, v) for k, v in vars(record).items() if k not in _STANDARD)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # Each string before encoding: a pattern run over the JSON text could cut an escape.
        entry = {k: redact(v) if isinstance(v, str) else v for k, v in entry.items()}
        return json.dumps(entry, default=lambda value: redact(str(value)))


def configure_logging(level: str) -> None:
    """One JSON handler on the root logger; calling it again (one app per test) adds no second.

    The request-id filter sits on the handler, not on a logger: a logger's filters only see
    the records logged to that very logger, a handler's see every record that reaches it.
    """
    root = logging.getLogger()
    root.setLevel(level.upper())
    if not any(isinstance(handler.formatter, JsonFormatter) for handler in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
