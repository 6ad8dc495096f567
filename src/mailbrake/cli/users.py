"""`mailbrake users`: add people, give them roles, disable them, set passwords, issue tokens."""

from __future__ import annotations

import sys

import click
from rich.table import Table

from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.errors import MailbrakeError
from mailbrake.people import PermissionDeniedError, Role, User, hash_password, parse_role
from mailbrake.store.users import normal_address
from mailbrake.visible import cell, visible

ROLE_CHOICE = click.Choice([r.value for r in Role], case_sensitive=False)


@click.group("users")
def users() -> None:
    """People who use mailbrake and their roles (sender, approver, admin).

    The very first user must be an admin and needs no --as; after that every users command
    runs as an admin (--as EMAIL or MAILBRAKE_USER).
    """


@users.command("add")
@click.argument("email")
@click.option("--name", required=True, help="The person's name.")
@click.option("--role", required=True, type=ROLE_CHOICE, help="sender, approver or admin.")
@click.option("--manager", default="", help="Their manager's address (told about incidents).")
@click.option("--password-stdin", is_flag=True, help="Read a password for the web UI from stdin.")
@pass_app
def add(
    app: AppContext, email: str, name: str, role: str, manager: str, password_stdin: bool
) -> None:
    """Add EMAIL as a user with a ROLE."""
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
    click.echo(visible(f"Added {user.email} ({user.name}) as {user.role}."))
    if bootstrap:
        app.err.print(
            f"{user.email} is the first admin. From now on run users commands as an admin: "
            f"`--as {user.email}` or MAILBRAKE_USER={user.email}.",
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
@pass_app
def token(app: AppContext, email: str) -> None:
    """Print a new API token for EMAIL (an admin, or EMAIL themselves). Shown only once."""
    actor = _admin_or_self(app, email)
    raw = app.store.issue_token(email, actor=actor)
    click.echo(raw)
    app.err.print(
        "Keep this token now: it is not shown again, and mailbrake stores only its SHA-256.",
        highlight=False,
    )


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
