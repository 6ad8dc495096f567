"""`mailbrake users`: add people, give them roles, disable them, set passwords, issue tokens."""

from __future__ import annotations

import sys
from datetime import datetime

import click
from rich.table import Table

from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.errors import InputError, InputProblem, MailbrakeError
from mailbrake.people import PermissionDeniedError, Role, User, hash_password, parse_role
from mailbrake.store.tokens import ApiToken
from mailbrake.store.users import normal_address
from mailbrake.visible import cell, visible

ROLE_CHOICE = click.Choice([r.value for r in Role], case_sensitive=False)


@click.group("users")
def users() -> None:
    """People who use mailbrake and their roles (sender, approver, admin).

    The very first user must be an admin and needs no sign-in; after that every users
    command runs as a signed-in admin (a token, or the password typed at the prompt).
    """


@users.command("add")
@click.argument("email")
@click.option("--name", required=True, help="The person's name.")
@click.option("--role", required=True, type=ROLE_CHOICE, help="sender, approver or admin.")
@click.option("--manager", default="", help="Their manager's address (told about incidents).")
@click.option(
    "--password-stdin", is_flag=True, help="Read their password (login, web UI) from stdin."
)
@click.option("--print-token", is_flag=True, help="Print a new API token for them, once.")
@pass_app
def add(
    app: AppContext,
    email: str,
    name: str,
    role: str,
    manager: str,
    password_stdin: bool,
    print_token: bool,
) -> None:
    """Add EMAIL as a user with a ROLE (the first user: an admin, with no sign-in needed)."""
    wanted = parse_role(role, "--role")
    bootstrap = app.store.count_users() == 0
    if bootstrap and wanted is not Role.ADMIN:
        raise MailbrakeError(
            "There are no users yet, so the first one must be an admin.",
            hint=f"Run `mailbrake users add {email} --name NAME --role admin`.",
        )
    actor = normal_address(email, "EMAIL") if bootstrap else _admin(app)
    password_hash = hash_password(_read_password(True)) if password_stdin else None
    user = app.store.add_user(
        email,
        name=name,
        role=wanted,
        actor=actor,
        manager=manager,
        password_hash=password_hash,
        bootstrap=bootstrap,
    )
    if print_token:
        # stdout holds only the token, so a script can capture it: TOKEN=$(mailbrake ...).
        click.echo(app.store.issue_token(user.email, actor=actor, name="users add"))
        app.err.print(visible(f"Added {user.email} ({user.name}) as {user.role}. {TOKEN_ONCE}"),
                      highlight=False)  # fmt: skip
    else:
        click.echo(visible(f"Added {user.email} ({user.name}) as {user.role}."))
    if bootstrap:
        app.err.print(
            f"{user.email} is the first admin. From now on users commands need an admin signed "
            "in: `mailbrake login` (with a password), or MAILBRAKE_TOKEN (--print-token).",
            highlight=False,
        )


@users.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_app
def list_(app: AppContext, fmt: str) -> None:
    """Every user with role, manager and whether they are disabled."""
    if app.store.count_users() == 0:
        _print_users(app, [], fmt)
        return
    _admin(app)
    _print_users(app, app.store.list_users(), fmt)


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
@pass_app
def set_role(app: AppContext, email: str, role: str) -> None:
    """Give EMAIL the role ROLE (sender, approver or admin)."""
    user = app.store.set_role(email, parse_role(role), actor=_admin(app))
    click.echo(f"{user.email} is now {user.role}.")


@users.command("disable")
@click.argument("email")
@pass_app
def disable(app: AppContext, email: str) -> None:
    """Disable EMAIL: they can no longer do anything, and their tokens stop working."""
    user = app.store.set_disabled(email, True, actor=_admin(app))
    click.echo(f"{user.email} is disabled.")


@users.command("enable")
@click.argument("email")
@pass_app
def enable(app: AppContext, email: str) -> None:
    """Enable EMAIL again after `users disable`."""
    user = app.store.set_disabled(email, False, actor=_admin(app))
    click.echo(f"{user.email} is enabled.")


@users.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin, no prompt.")
@pass_app
def set_password(app: AppContext, email: str, password_stdin: bool) -> None:
    """Set EMAIL's web UI password (an admin, or EMAIL themselves)."""
    actor = _admin_or_self(app, email)
    password_hash = hash_password(_read_password(password_stdin))
    app.store.set_password_hash(email, password_hash, actor=actor)
    click.echo(f"Password set for {normal_address(email, 'EMAIL')}.")


@users.command("token")
@click.argument("email")
@click.option("--name", default="", help="What the token is for, e.g. 'ci' (shown in `tokens`).")
@pass_app
def token(app: AppContext, email: str, name: str) -> None:
    """Print a new API token for EMAIL (an admin, or EMAIL themselves). Shown only once."""
    actor = _admin_or_self(app, email)
    raw = app.store.issue_token(email, actor=actor, name=name)
    click.echo(raw)
    app.err.print(f"{TOKEN_ONCE} Use it as MAILBRAKE_TOKEN.", highlight=False)


@users.command("tokens")
@click.argument("email")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_app
def tokens(app: AppContext, email: str, fmt: str) -> None:
    """EMAIL's API tokens: id, name, created, last used, revoked (never the token itself)."""
    _admin_or_self(app, email)
    found = app.store.list_tokens(email)
    if fmt == "json":
        echo_json([_token_dict(t) for t in found])
        return
    table = Table("id", "name", "created", "last used", "revoked")
    for t in found:
        revoked = f"{_when(t.revoked_at)} by {t.revoked_by}" if t.revoked_at else ""
        table.add_row(str(t.id), t.name, _when(t.created_at), _when(t.last_used_at), revoked)
    app.console.print(table)


@users.command("revoke-token")
@click.argument("email")
@click.argument("token_id", type=int, required=False)
@click.option("--all", "revoke_all", is_flag=True, help="Every live token of EMAIL.")
@pass_app
def revoke_token(app: AppContext, email: str, token_id: int | None, revoke_all: bool) -> None:
    """Revoke one of EMAIL's tokens (TOKEN_ID from `users tokens`), or --all of them."""
    if (token_id is None) == (not revoke_all):
        raise InputError([InputProblem("revoke-token", "name one TOKEN_ID or use --all")])
    actor = _admin_or_self(app, email)
    revoked = app.store.revoke_tokens(email, actor=actor, token_id=token_id)
    ids = ", ".join(str(t.id) for t in revoked) or "none (no live tokens)"
    click.echo(f"Revoked {normal_address(email, 'EMAIL')}'s token(s): {ids}.")


TOKEN_ONCE = "Keep this token now: it is not shown again, and mailbrake stores only its SHA-256."


def _admin(app: AppContext) -> str:
    return app.current_user("users.manage").email


def _admin_or_self(app: AppContext, email: str) -> str:
    target = normal_address(email, "EMAIL")
    try:
        return _admin(app)
    except PermissionDeniedError as exc:
        if exc.user.disabled or exc.user.email != target:
            raise
        return exc.user.email


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        text = sys.stdin.read()
        return text.removesuffix("\n").removesuffix("\r")
    entered: str = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    return entered


def _print_users(app: AppContext, found: list[User], fmt: str) -> None:
    if fmt == "json":
        echo_json([_as_dict(u) for u in found])
        return
    if not found:
        click.echo("No users yet. Add the first admin with "
                   "`mailbrake users add EMAIL --name NAME --role admin`.")  # fmt: skip
        return
    table = Table("email", "name", "role", "manager", "status", "added")
    for user in found:
        status = "disabled" if user.disabled else "active"
        table.add_row(
            cell(user.email), cell(user.name), user.role.value, cell(user.manager), status,
            f"{user.created_at:%Y-%m-%d}",
        )  # fmt: skip
    app.console.print(table)


def _as_dict(user: User) -> dict[str, object]:
    return {
        "email": user.email,
        "name": user.name,
        "role": user.role.value,
        "manager": user.manager,
        "disabled": user.disabled,
        "created_at": user.created_at.isoformat(),
    }


def _token_dict(t: ApiToken) -> dict[str, object]:
    return {
        "id": t.id,
        "name": t.name,
        "created_at": t.created_at.isoformat(),
        "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
        "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
        "revoked_by": t.revoked_by,
    }


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment else ""
