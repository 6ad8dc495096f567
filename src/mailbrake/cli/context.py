"""What every CLI command gets: validated settings, a lazily opened store, a clock, a console."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import update_wrapper
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

import click
from rich.console import Console

from mailbrake.clock import Clock, SystemClock
from mailbrake.errors import MailbrakeError
from mailbrake.settings import Settings

if TYPE_CHECKING:
    from mailbrake.cli.identity import Principal
    from mailbrake.people import User
    from mailbrake.store import Store

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class AppContext:
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    console: Console = field(default_factory=Console)
    err: Console = field(default_factory=lambda: Console(stderr=True))
    _store: Store | None = None
    acting_as: str | None = None  # --as EMAIL: an admin acting for someone
    _principal: Principal | None = None  # who proved who they are, once per command

    @property
    def store(self) -> Store:
        """Open the database on first use (migrating it to the current schema)."""
        if self._store is None:
            from mailbrake.store import Store

            self._store = Store.open(self.settings.database_url, clock=self.clock)
            # Read on first use only, so commands that record nothing never touch the key file.
            self._store.set_audit_secret(self.settings.resolved_secret)
            self._record_settings(self._store)
        return self._store

    def _record_settings(self, store: Store) -> None:
        """A changed configuration goes into the audit trail on the first command after it.
        A trail that refuses appends must not stop read-only commands: they warn instead."""
        from mailbrake.config_audit import audit_settings

        # Recorded before anyone signs in (and whoever edited the file may be someone else):
        # the name is only what the command line claims.
        claimed = (self.acting_as or os.environ.get("MAILBRAKE_USER", "")).strip()
        actor = f"{claimed} (unverified)" if claimed else "system"
        try:
            audit_settings(store, self.settings, actor)
        except MailbrakeError as exc:
            self.err.print(f"[yellow]Warning:[/] the settings change was not audited: {exc}")

    def current_user(self, action: str) -> User:
        """The user this command runs as, if they proved who they are and may do `action`.

        A token (MAILBRAKE_TOKEN, else the one `mailbrake login` kept) or, for approvals,
        the emergency switch and users commands, a typed password; `--as` only for an admin
        (see cli/identity.py and docs/audit.md)."""
        from mailbrake.cli.identity import act_as, authenticate, claimed_email
        from mailbrake.people import require

        if self._principal is None:
            claimed = claimed_email(self.acting_as)
            self._principal = authenticate(self.store, self.settings.database_url, action, claimed)
        return require(act_as(self.store, self._principal, self.acting_as, action), action)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def pass_app(func: Callable[Concatenate[AppContext, P], R]) -> Callable[P, R]:
    """Decorator: hand the command the AppContext built by the main group."""

    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        app = click.get_current_context().find_object(AppContext)
        if app is None:  # pragma: no cover - the main group always creates one
            raise click.UsageError("mailbrake was started without its main command group.")
        return func(app, *args, **kwargs)

    return update_wrapper(wrapper, func)


def echo_json(data: Any) -> None:
    """Print one JSON document (machine-readable output for --format json)."""
    import json

    click.echo(json.dumps(data, default=str, ensure_ascii=False))
