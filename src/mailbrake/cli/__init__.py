"""The `mailbrake` command: thin click commands over pipeline/, errors translated once, here."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa

from mailbrake import __version__
from mailbrake.cli.context import AppContext
from mailbrake.errors import MailbrakeError
from mailbrake.settings import load_settings
from mailbrake.visible import visible


class MailbrakeGroup(click.Group):
    """Turns every MailbrakeError into one clear line on stderr and a non-zero exit.

    Subcommands named in `lazy` ("name" -> "module:attribute") are imported only when used:
    a worker or a `mailbrake stop` should not pay for importing every other command.
    """

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, str] = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module_name, _, attribute = self.lazy[cmd_name].partition(":")
            command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MailbrakeError as exc:
            click.secho(visible(f"Error: {exc}"), err=True, fg="red")
            sys.exit(exc.exit_code)
        except sa.exc.OperationalError as exc:
            from mailbrake.store.engine import translate_error

            error = translate_error(exc)
            click.secho(visible(f"Error: {error}"), err=True, fg="red")
            sys.exit(error.exit_code)


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
    help="An admin's token acting for this user (scripts); else you act as yourself.",
)
@click.version_option(__version__, prog_name="mailbrake")
@click.pass_context
def main(ctx: click.Context, config: Path | None, acting_as: str | None) -> None:
    """Mass email with brakes: check, approve, hold, send in waves, stop, clean up."""
    try:
        settings = load_settings(config)
    except MailbrakeError as exc:
        click.secho(visible(f"Error: {exc}"), err=True, fg="red")
        sys.exit(exc.exit_code)
    app = AppContext(settings=settings, acting_as=acting_as)
    ctx.obj = app
    ctx.call_on_close(app.close)


COMMANDS = {
    "db": "db:db",
    "users": "users:users",
    "login": "login:login",
    "logout": "login:logout",
    "lists": "lists:lists",
    "subscribers": "subscribers:subscribers",
    "mailouts": "mailouts:mailouts",
    "check": "check:check",
    "scan": "scan:scan",
    "test-send": "workflow:test_send",
    "send": "send:send",
    "approvals": "workflow:approvals",
    "approve": "workflow:approve",
    "reject": "workflow:reject",
    "cancel": "workflow:cancel",
    "worker": "worker:worker",
    "resume": "send:resume",
    "resend-uncertain": "send:resend_uncertain",
    "status": "ledger:status",
    "ledger": "ledger:ledger",
    "stop": "stop:stop",
    "emergency": "emergency:emergency",
    "incident": "incident:incident",
    "serve": "serve:serve",
    "audit": "audit:audit",
    "sink": "sink:sink",
    "demo": "demo:demo",
    "gateway": "gateway:gateway",
    "held": "gateway:held",
}
main.lazy = {name: f"mailbrake.cli.{target}" for name, target in COMMANDS.items()}
