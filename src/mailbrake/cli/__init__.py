"""The `mailbrake` command: thin click commands over pipeline/, errors translated once, here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa

from mailbrake import __version__
from mailbrake.cli.context import AppContext
from mailbrake.errors import MailbrakeError
from mailbrake.settings import load_settings


class MailbrakeGroup(click.Group):
    """Turns every MailbrakeError into one clear line on stderr and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MailbrakeError as exc:
            click.secho(f"Error: {exc}", err=True, fg="red")
            sys.exit(exc.exit_code)
        except sa.exc.OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            click.secho(
                f"Error: the database cannot be used ({reason}). "
                "Check MAILBRAKE_DATABASE_URL and that the server is running.",
                err=True,
                fg="red",
            )
            sys.exit(3)


@click.group(cls=MailbrakeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    type=click.Path(path_type=Path),
    default=None,
    help="Settings file (default: ./mailbrake.toml, or MAILBRAKE_CONFIG).",
)
@click.option(
    "--as",
    "acting_as",
    default=None,
    metavar="EMAIL",
    help="Run as this user (default: MAILBRAKE_USER). Commands that change things need one.",
)
@click.version_option(__version__, prog_name="mailbrake")
@click.pass_context
def main(ctx: click.Context, config: Path | None, acting_as: str | None) -> None:
    """Mass email with brakes: check, approve, hold, send in waves, stop, clean up."""
    try:
        settings = load_settings(config)
    except MailbrakeError as exc:
        click.secho(f"Error: {exc}", err=True, fg="red")
        sys.exit(exc.exit_code)
    app = AppContext(settings=settings, acting_as=acting_as)
    ctx.obj = app
    ctx.call_on_close(app.close)


def _register() -> None:
    from mailbrake.cli import (
        audit,
        check,
        db,
        demo,
        emergency,
        incident,
        ledger,
        lists,
        mailouts,
        scan,
        send,
        serve,
        sink,
        stop,
        subscribers,
        users,
        worker,
        workflow,
    )

    commands: list[click.Command] = [
        db.db,
        lists.lists,
        subscribers.subscribers,
        mailouts.mailouts,
        check.check,
        scan.scan,
        send.send,
        worker.worker,
        stop.stop,
        send.resume,
        ledger.status,
        ledger.ledger,
        send.resend_uncertain,
        workflow.approvals,
        workflow.approve,
        workflow.reject,
        workflow.cancel,
        workflow.test_send,
        users.users,
        audit.audit,
        emergency.emergency,
        incident.incident,
        serve.serve,
        sink.sink,
        demo.demo,
    ]
    for command in commands:
        main.add_command(command)


_register()
