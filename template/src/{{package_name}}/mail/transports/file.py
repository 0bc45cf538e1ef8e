"""file://<folder>: each message written as `<folder>/<time>-<id>.eml`, openable by a mail app."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from ...jobs.service import TemporaryFailure


class FileTransport:
    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    def send(self, message: EmailMessage) -> None:
        message_id = str(message["Message-ID"]).strip("<>").partition("@")[0]
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{message_id}.eml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / name).write_bytes(message.as_bytes())
        except OSError as error:
            raise TemporaryFailure(f"cannot write {self.folder / name}: {error}") from error
