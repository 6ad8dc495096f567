"""`mailbrake demo`: everything on a throwaway SQLite database and a built-in capture sink."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from mailbrake.cli.context import AppContext, pass_app
from mailbrake.demo.run import DemoPlace, create_newsletter, import_people, send_simply
from mailbrake.settings import load_settings
from mailbrake.sink import start_sink
from mailbrake.store import Store


@click.command("demo")
@click.option("--recipients", type=click.IntRange(10, 100_000), default=3_000, show_default=True)
@click.option(
    "--dir", "root", type=click.Path(path_type=Path), default=None,
    help="Keep the demo's files here (default: a new temporary directory).",
)
@pass_app
def demo(app: AppContext, recipients: int, root: Path | None) -> None:
    """Import a demo list, compose a newsletter and send it into a local capture sink."""
    place = DemoPlace(Path(tempfile.mkdtemp(prefix="mailbrake-demo-")) if root is None else root)
    place.root.mkdir(parents=True, exist_ok=True)
    say = click.echo
    say(f"Demo files: {place.root}")
    with start_sink("127.0.0.1", 0, place.sink) as sink:
        place.write_config(sink.port)
        settings = load_settings(place.config)
        say(f"Capture sink listening on 127.0.0.1:{sink.port}, storing into {place.sink}")
        store = Store.open(settings.database_url, clock=app.clock)
        try:
            import_people(store, place, recipients, say)
            mailout_id = create_newsletter(store, say)
            accepted = send_simply(store, settings, app.clock, mailout_id)
        finally:
            store.close()
        say(f"Sent mailout {mailout_id}: the sink accepted {accepted:,} messages "
            f"({sink.count():,} in its Maildir).")
    _next_steps(place, mailout_id)


def _next_steps(place: DemoPlace, mailout_id: int) -> None:
    env = f"MAILBRAKE_CONFIG={place.config}"
    click.echo("\nWhat to try next:")
    click.echo(f"  {env} mailbrake sink list --limit 5      # what arrived")
    click.echo(f"  {env} mailbrake lists                      # the demo list")
    click.echo(f"  {env} mailbrake mailouts preview {mailout_id} --to "
               "$(head -2 " + str(place.root / "people.csv") + " | tail -1 | cut -d, -f1)")
