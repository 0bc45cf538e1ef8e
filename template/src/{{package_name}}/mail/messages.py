"""Messages from Jinja templates: `<name>.txt` (a `Subject:` line, a blank line, the text) and
`<name>.html`, both given the product's name and PUBLIC_URL.

Links are always built from PUBLIC_URL, never from a request's Host header, which a client
chooses: a reset link that pointed at an attacker's host would hand them the token.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..config import Settings

TEMPLATE_DIR = Path(__file__).with_name("templates")
TEMPLATES = frozenset(
    path.stem for path in TEMPLATE_DIR.glob("*.txt") if not path.name.startswith("_")
)
_environment = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def link(settings: Settings, path: str) -> str:
    """An absolute link to `path` on the public site."""
    return settings.public_url.rstrip("/") + "/" + path.lstrip("/")


def render(
    name: str, *, to: str, context: dict[str, Any], settings: Settings, message_id: str
) -> EmailMessage:
    """The message `name` for `to`; `message_id` is stable, so a re-send can be de-duplicated."""
    values = {
        **context,
        "product": settings.project_name,
        "public_url": settings.public_url.rstrip("/"),
    }
    if "path" in context:
        values["url"] = link(settings, context["path"])
    text = _environment.get_template(f"{name}.txt").render(values)
    subject_line, _, body = text.partition("\n\n")
    if not subject_line.startswith("Subject: "):
        raise ValueError(f"mail template {name}.txt must start with a 'Subject: ' line")
    html = _environment.get_template(f"{name}.html").render(values)
    message = EmailMessage()
    message["Subject"] = subject_line.removeprefix("Subject: ").strip()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<{message_id}@{domain}>"
    message.set_content(body)
    message.add_alternative(html, subtype="html")
    return message
