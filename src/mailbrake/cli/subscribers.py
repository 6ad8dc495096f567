"""`mailbrake subscribers`: look people up and let them opt out."""

from __future__ import annotations

import click

from mailbrake.cli.context import AppContext, echo_json, pass_app


@click.group("subscribers")
def subscribers() -> None:
    """Subscribers: show one, unsubscribe one."""


@subscribers.command("unsubscribe")
@click.argument("email")
@click.option("--list", "list_name", default=None, help="Only from this list (default: all).")
@pass_app
def unsubscribe(app: AppContext, email: str, list_name: str | None) -> None:
    """Stop mailing EMAIL (from every list, or from one with --list)."""
    user = app.current_user("lists.import")
    who = app.store.unsubscribe(email, list_name, actor=user.email)
    scope = f"list {list_name!r}" if list_name else "every list"
    click.echo(f"{who.email} is unsubscribed from {scope}; no mailout will reach it there.")


@subscribers.command("show")
@click.argument("email")
@pass_app
def show(app: AppContext, email: str) -> None:
    """Show EMAIL's name, status and attributes."""
    who = app.store.find_subscriber(email)
    echo_json(
        {
            "email": who.email,
            "name": who.name,
            "status": str(who.status),
            "attributes": who.attributes,
        }
    )
