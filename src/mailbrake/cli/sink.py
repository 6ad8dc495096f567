"""`mailbrake sink`: a local SMTP server that captures mail into a Maildir, and its listings."""

from __future__ import annotations

import queue
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from mailbrake.cli import MailbrakeGroup
from mailbrake.cli.context import AppContext, pass_app
from mailbrake.sink import Arrival, find_arrival, list_arrivals, read_message, start_sink
from mailbrake.visible import cell, visible

DIR_HELP = "Maildir to use (default: the sink_dir setting, MAILBRAKE_SINK_DIR)."


@click.group("sink", cls=MailbrakeGroup, invoke_without_command=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=2525,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0 picks a free one).",
)
@click.option("--dir", "directory", type=click.Path(path_type=Path), help=DIR_HELP)
@pass_app
def sink(app: AppContext, host: str, port: int, directory: Path | None) -> None:
    """Run a local SMTP server that stores every message it receives (until Ctrl-C).

    Point MAILBRAKE_SMTP_URL at it (smtp://127.0.0.1:2525) to try mailbrake without sending
    real mail. Each message is kept byte for byte in a Maildir; `mailbrake sink list` shows
    what arrived and `mailbrake sink show N` prints one message.
    """
    ctx = click.get_current_context()
    if ctx.invoked_subcommand is not None:
        ctx.meta["sink.dir"] = directory  # `mailbrake sink --dir X list` means X too
        return
    _serve(app, host, port, directory or app.settings.sink_dir)


@sink.command("list")
@click.option("--dir", "directory", type=click.Path(path_type=Path), help=DIR_HELP)
@click.option(
    "--limit",
    default=50,
    show_default=True,
    type=click.IntRange(min=0),
    help="Show the latest N messages (0: all).",
)
@pass_app
def list_command(app: AppContext, directory: Path | None, limit: int) -> None:
    """List what the sink received: time, sender, recipients, subject, size."""
    where = _directory(app, directory)
    listing = list_arrivals(where, limit or None)
    if not listing.arrivals:
        app.console.print(f"Nothing has arrived in {escape(str(where))} yet.")
        return
    table = Table("#", "time (UTC)", "from", "to", "subject", "size", box=None)
    for arrival in listing.arrivals:
        table.add_row(
            str(arrival.number),
            arrival.received.strftime("%Y-%m-%d %H:%M:%S"),
            cell(arrival.mail_from),
            cell(", ".join(arrival.rcpt_tos)),
            cell(arrival.subject),
            _size(arrival.size),
        )
    app.console.print(table)
    if listing.total > len(listing.arrivals):
        shown = len(listing.arrivals)
        app.console.print(f"Latest {shown} of {listing.total}; --limit 0 lists all.")
    if listing.unreadable:
        app.err.print(f"Skipped {listing.unreadable} unreadable lines of the sink's index.")


@sink.command("show")
@click.argument("key")
@click.option("--dir", "directory", type=click.Path(path_type=Path), help=DIR_HELP)
@pass_app
def show_command(app: AppContext, key: str, directory: Path | None) -> None:
    """Print one received message exactly as it arrived (KEY: its number or Maildir key)."""
    where = _directory(app, directory)
    data = read_message(where, find_arrival(where, key))
    click.echo(data, nl=False)  # bytes go to the binary stdout untouched


def _directory(app: AppContext, given: Path | None) -> Path:
    from_group: Path | None = click.get_current_context().meta.get("sink.dir")
    return given or from_group or app.settings.sink_dir


def _serve(app: AppContext, host: str, port: int, directory: Path) -> None:
    arrivals: queue.Queue[Arrival] = queue.Queue()
    running = start_sink(host, port, directory, on_arrival=arrivals.put)
    restore = _stop_on_sigterm()
    app.console.print(
        f"Listening on smtp://{host}:{running.port}, storing into {escape(str(directory))}. "
        "Ctrl-C stops.",
        highlight=False,
        soft_wrap=True,
    )
    try:
        while True:
            app.console.print(_line(arrivals.get()), highlight=False, soft_wrap=True)
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
        restore()
    count = running.count()
    app.console.print(f"Stopped. {count} message{'' if count == 1 else 's'} arrived.")


def _stop_on_sigterm() -> Any:
    """SIGTERM (a supervisor, `kill`) stops the sink as cleanly as Ctrl-C; returns an undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)


def _line(arrival: Arrival) -> str:
    when = arrival.received.astimezone().strftime("%H:%M:%S")
    to = ", ".join(arrival.rcpt_tos)
    subject = arrival.subject or "(no subject)"
    return (
        f"{when}  #{arrival.number}  {escape(visible(arrival.mail_from or '<>'))} -> "
        f"{escape(visible(to))}  {escape(visible(subject))}  ({_size(arrival.size)})"
    )


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
