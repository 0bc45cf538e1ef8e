"""console://: the message goes to standard error, whole, so a developer can open its links.

It is printed, not logged: the log redacts e-mail addresses and the codes in links (logs.py),
which is what a developer needs to read here. Only development and the tests may use it
(config.LOCAL_EMAIL_SCHEMES), so no real person's message is ever printed.
"""

from __future__ import annotations

import sys
from email.message import EmailMessage


class ConsoleTransport:
    def send(self, message: EmailMessage) -> None:
        text = message.get_body(preferencelist=("plain",))
        body = text.get_content() if text is not None else ""
        heading = f"mail to {message['To']}: {message['Subject']}"
        print(f"{heading}\n{body}", file=sys.stderr, flush=True)
