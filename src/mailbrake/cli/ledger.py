"""`mailbrake status` and `mailbrake ledger`: where a mailout stands, and who got it."""

from __future__ import annotations

import sys

import click

from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.errors import MailbrakeError
from mailbrake.models import DeliveryState
from mailbrake.pipeline.ledger_report import WRITERS, describe_entry
from mailbrake.pipeline.send import delivery_status
from mailbrake.visible import visible


@click.command("status")
@click.argument("mailout_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_app
def status(app: AppContext, mailout_id: int, fmt: str) -> None:
    """A mailout's state, ledger counts, sending rate, times and why it is paused."""
    summary = delivery_status(app.store, mailout_id)
    if fmt == "json":
        echo_json(summary.as_json())
        return
    counts = ", ".join(f"{n:,} {s}" for s, n in summary.counts.as_dict().items() if n)
    if not summary.started:
        counts = "not started"  # the total is the list's: who would get it if sent now
    click.echo(visible(f"Mailout {mailout_id} ({summary.list_name}): {summary.state}"))
    click.echo(f"  recipients: {summary.total:,} ({counts or 'no recipients'})")
    if summary.wave:
        click.echo(f"  wave: {summary.wave.current} of {summary.wave.count}")
    click.echo(f"  rate: {summary.rate_per_second:.1f}/s over the last minute")
    started = summary.started_at.isoformat() if summary.started_at else "-"
    finished = summary.finished_at.isoformat() if summary.finished_at else "-"
    click.echo(f"  started: {started}  finished: {finished}")
    if summary.paused_reason:
        click.echo(visible(f"  paused because: {summary.paused_reason}"))


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
            click.echo(visible(describe_entry(entry)))
            return
        WRITERS[fmt]([entry], sys.stdout)
        return
    resent = state == "resent"
    wanted = DeliveryState(state) if state and not resent else None
    entries = app.store.iter_ledger(mailout_id, wanted, resent=resent)
    WRITERS[fmt](entries, sys.stdout)
