"""Queuing mail in the caller's transaction, and sending one queued message (the worker's job).

A flow calls `queue_mail` next to the change that causes the message (an invite, a reset
request): both commit together or not at all, and nothing reaches the network inside a
request. The job holds the template's name, the recipient and the context until it is sent;
then the context is dropped, because it may hold a sign-up code or a reset token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from ..config import Settings
from ..jobs import service as jobs
from ..jobs.models import Job
from .messages import TEMPLATES, render

if TYPE_CHECKING:
    from .transports import Transport

QUEUE = "mail"


def queue_mail(
    session: Session, *, template: str, to: str, context: dict[str, Any], key: str
) -> Job:
    """Queues one message; the same `key` queued twice is sent once."""
    if template not in TEMPLATES:
        raise ValueError(f"no mail template {template!r}; known: {', '.join(sorted(TEMPLATES))}")
    payload = {"template": template, "to": to, "context": context}
    return jobs.enqueue(session, queue=QUEUE, key=f"mail:{key}", payload=payload)


def kept_after_sending(job: Job) -> dict[str, Any]:
    """What the job keeps once finished: who and which template, never the links."""
    return {"template": job.payload.get("template"), "to": job.payload.get("to")}


def send_job(job: Job, *, transport: Transport, settings: Settings) -> None:
    """Renders and sends the job's message; raises jobs' Permanent/TemporaryFailure."""
    message = render(
        job.payload["template"],
        to=job.payload["to"],
        context=job.payload.get("context", {}),
        settings=settings,
        # The same for every attempt at this job, unique across databases by its time.
        message_id=f"job.{job.id}.{job.created_at:%Y%m%d%H%M%S%f}",
    )
    transport.send(message)
