"""`mailbrake db`: schema migrations."""

from __future__ import annotations

import click

from mailbrake.cli.context import AppContext, pass_app
from mailbrake.store.engine import make_engine
from mailbrake.store.migrate import current_revision, head_revision, upgrade


@click.group("db")
def db() -> None:
    """Database schema: show its revision, upgrade it."""


@db.command("upgrade")
@pass_app
def db_upgrade(app: AppContext) -> None:
    """Migrate the database to the newest schema (also done on start-up)."""
    engine = make_engine(app.settings.database_url)
    try:
        ran = upgrade(engine)
        revision = current_revision(engine)
    finally:
        engine.dispose()
    state = "upgraded to" if ran else "already at"
    click.echo(f"Database {app.settings.database_url} {state} revision {revision}.")


@db.command("status")
@pass_app
def db_status(app: AppContext) -> None:
    """Show the database's schema revision and the newest one this version knows."""
    engine = make_engine(app.settings.database_url)
    try:
        current, head = current_revision(engine), head_revision(engine)
    finally:
        engine.dispose()
    click.echo(f"database: {app.settings.database_url}")
    click.echo(f"revision: {current or 'none (empty database)'}; newest: {head}")
    if current != head:
        click.echo("Run `mailbrake db upgrade` to migrate it.")
