"""`mailbrake status` and `mailbrake ledger`: where a mailout stands, and who got it."""

from __future__ import annotations

import sys

import click

from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.errors import MailbrakeError
from mailbrake.models import DeliveryState
from mailbrake.pipeline.ledger_report import WRITERS, delivery_status, describe_entry


@click.command("status")
@click.argument("mailout_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_app
def status(app: AppContext, mailout_id: int, fmt: str) -> None:
    """A mailout's state, ledger counts, sending rate, times and why it is paused."""
    summary = delivery_status(app.store, mailout_id)
    if fmt == "json":
        echo_json(summary)
        return
    counts = ", ".join(f"{n:,} {s}" for s, n in summary["counts"].items() if n) or "no recipients"
    click.echo(f"Mailout {mailout_id} ({summary['list']}): {summary['state']}")
    click.echo(f"  recipients: {summary['total']:,} ({counts})")
    if summary["wave"]:
        click.echo(f"  wave: {summary['wave']['current']} of {summary['wave']['count']}")
    click.echo(f"  rate: {summary['rate_per_second']:.1f}/s over the last minute")
    click.echo(
        f"  started: {summary['started_at'] or '-'}  finished: {summary['finished_at'] or '-'}"
    )
    if summary["paused_reason"]:
        click.echo(f"  paused because: {summary['paused_reason']}")


@click.command("ledger")
@click.argument("mailout_id", type=int)
@click.option(
    "--state",
    type=click.Choice([*(s.value for s in DeliveryState), "resent"]),
    help="Only rows in this state; 'resent': resent after an uncertain outcome (maybe twice).",
)
@click.option("--email", help="Did this address get it: when, which Message-ID, which reply.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@pass_app
def ledger(
    app: AppContext, mailout_id: int, state: str | None, email: str | None, fmt: str
) -> None:
    """Every recipient of a mailout and what happened to their message (streamed)."""
    app.store.get_mailout(mailout_id)
    if email is not None:
        entry = app.store.find_delivery(mailout_id, email)
        if entry is None:
            raise MailbrakeError(f"{email} is not a recipient of mailout {mailout_id}.")
        if fmt == "text" or fmt == "table":
            click.echo(describe_entry(entry))
            return
        WRITERS[fmt]([entry], sys.stdout)
        return
    resent = state == "resent"
    wanted = DeliveryState(state) if state and not resent else None
    entries = app.store.iter_ledger(mailout_id, wanted, resent=resent)
    WRITERS[fmt](entries, sys.stdout)
