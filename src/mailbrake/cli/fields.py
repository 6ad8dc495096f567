"""The pipeline names the fields it refuses; the CLI shows them as the options a user typed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace

import click

from mailbrake.errors import InputError


def with_flags(exc: InputError, command: click.Command, aliases: Mapping[str, str]) -> InputError:
    """The same problems, each field name (`canary_wait`) shown as its option (`--canary-wait`)."""
    flags = {p.name: p.opts[0] for p in command.params if isinstance(p, click.Option) and p.name}
    flags.update(aliases)
    problems = [replace(p, where=flags.get(p.where, p.where)) for p in exc.problems]
    return InputError(problems, hint=exc.hint)


@contextmanager
def fields_as_flags(**aliases: str) -> Iterator[None]:
    """Around a pipeline call in a command: its InputErrors name this command's options.

    aliases: field name -> option, where the option is not named after the field.
    """
    command = click.get_current_context().command
    try:
        yield
    except InputError as exc:
        raise with_flags(exc, command, aliases) from None
