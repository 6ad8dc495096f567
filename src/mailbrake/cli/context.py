"""What every CLI command gets: validated settings, a lazily opened store, a clock, a console."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import update_wrapper
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

import click
from rich.console import Console

from mailbrake.clock import Clock, SystemClock
from mailbrake.settings import Settings

if TYPE_CHECKING:
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

    @property
    def store(self) -> Store:
        """Open the database on first use (migrating it to the current schema)."""
        if self._store is None:
            from mailbrake.store import Store

            self._store = Store.open(self.settings.database_url, clock=self.clock)
        return self._store

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
