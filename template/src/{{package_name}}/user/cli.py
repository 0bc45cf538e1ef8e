"""The user commands of the command line (registered by cli.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

import typer

from ..config import get_settings
from ..db import open_session
from ..errors import AppError
from ..ratelimit import service as ratelimit_service
from . import flows, passwords, service
from .models import User

app = typer.Typer(help="Users: accounts, admin rights, sessions.", no_args_is_help=True)


def create_admin(
    email: Annotated[str, typer.Argument(help="The admin's e-mail address.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, help="At least 10 characters."
        ),
    ],
) -> None:
    """Create an admin account (the first user of a new deployment)."""
    if len(password) < 10:
        typer.echo("error: the password must have at least 10 characters", err=True)
        raise typer.Exit(code=2)
    if passwords.is_common(password):
        typer.echo(f"error: {passwords.TOO_COMMON_MESSAGE}", err=True)
        raise typer.Exit(code=2)
    with open_session(get_settings()) as session:
        try:
            user = flows.create_admin(session, email=email, password=password)
        except AppError as error:
            typer.echo(f"error: {error.message}", err=True)
            raise typer.Exit(code=1) from error
    typer.echo(f"admin {user.email} created (id {user.id})")


@app.command("purge-sessions")
def purge_sessions() -> None:
    """Delete ended sessions and old rate-limit counters (run daily, like `analytics purge`)."""
    now = datetime.now(UTC)
    with open_session(get_settings()) as session:
        deleted = flows.purge_sessions(session, now=now)
        counters = ratelimit_service.purge(session.get_bind().engine, now=now)
    typer.echo(f"deleted {deleted} ended sessions and {counters} old rate-limit counters")


@app.command("list")
def user_list(
    search: Annotated[
        str | None, typer.Option(help="Only addresses that contain this text.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many, newest first.")] = 50,
) -> None:
    """The newest accounts: id, e-mail, active or deactivated, admin or member, created."""
    with open_session(get_settings()) as session:
        users, total = service.list_page(session, search=search, limit=limit, offset=0)
        typer.echo("id,email,status,role,created_at")
        for user in users:
            status = "active" if user.is_active else "deactivated"
            role = "admin" if user.is_admin else "member"
            typer.echo(f"{user.id},{user.email},{status},{role},{user.created_at:%Y-%m-%d}")
    typer.echo(f"{len(users)} of {total} users", err=True)


def _change(email: str, change: Callable[..., User], done: str) -> None:
    """Runs one user-management flow on the account of `email`, as the command line."""
    with open_session(get_settings()) as session:
        user = service.get_by_email(session, email=email)
        if user is None:
            typer.echo(f"error: there is no user {service.normalise_email(email)}", err=True)
            raise typer.Exit(code=1)
        try:
            change(session, user=user, actor_id=None)
        except AppError as error:
            typer.echo(f"error: {error.message}", err=True)
            raise typer.Exit(code=1) from error
        typer.echo(f"{user.email} {done}")


EmailArgument = Annotated[str, typer.Argument(help="The account's e-mail address.")]


@app.command("deactivate")
def user_deactivate(email: EmailArgument) -> None:
    """Lock an account out: its sessions and tokens end now and it cannot log in."""
    _change(email, flows.deactivate, "is deactivated; their sessions have ended")


@app.command("reactivate")
def user_reactivate(email: EmailArgument) -> None:
    """Let a deactivated account log in again."""
    _change(email, flows.reactivate, "is active and can log in again")


@app.command("grant-admin")
def user_grant_admin(email: EmailArgument) -> None:
    """Give an account admin rights."""
    _change(email, flows.grant_admin, "is an admin")


@app.command("revoke-admin")
def user_revoke_admin(email: EmailArgument) -> None:
    """Take an account's admin rights away (never the last active admin's)."""
    _change(email, flows.remove_admin, "is no longer an admin")


@app.command("send-reset")
def user_send_reset(email: EmailArgument) -> None:
    """E-mail the account a password reset link (the worker sends it)."""
    _change(email, flows.send_password_reset, "will get a password reset link by e-mail")
