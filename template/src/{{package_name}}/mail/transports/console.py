"""console://: the message goes to the log, whole, so a developer can open its links."""

from __future__ import annotations

import logging
from email.message import EmailMessage

logger = logging.getLogger(__name__)


class ConsoleTransport:
    def send(self, message: EmailMessage) -> None:
        text = message.get_body(preferencelist=("plain",))
        body = text.get_content() if text is not None else ""
        logger.info("mail to %s: %s\n%s", message["To"], message["Subject"], body)
