"""`mailbrake audit`: the timeline of who did what, and a check that nobody rewrote it."""

from __future__ import annotations

from collections.abc import Iterable

import click

from mailbrake.audit import AuditChainError, AuditEvent, canonical
from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.visible import visible

HASH_SHOWN = 12


@click.group("audit", invoke_without_command=True)
@click.option("--mailout", "mailout_id", type=int, default=None, help="Only this mailout's events.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def audit(ctx: click.Context, mailout_id: int | None, fmt: str) -> None:
    """The audit trail (approver or admin). Without a subcommand: the timeline, oldest first,
    one event a line: id, time (UTC), actor, action, object, details."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(show_timeline, mailout_id=mailout_id, fmt=fmt)


@pass_app
def show_timeline(app: AppContext, mailout_id: int | None, fmt: str) -> None:
    app.current_user("audit.read")
    if mailout_id is None:
        events = app.store.iter_events()
    else:
        events = app.store.iter_events("mailout", mailout_id)
    if fmt == "json":
        echo_json([event.as_dict() for event in events])
        return
    _print_lines(events, mailout_id)


@audit.command("verify")
@pass_app
def verify(app: AppContext) -> None:
    """Check every event's hash and link; exit non-zero naming the first event tampered with."""
    app.current_user("audit.read")
    result = app.store.verify_chain()
    if not result.ok:
        plural = "" if result.count == 1 else "s"
        where = f" after {result.count:,} intact event{plural}" if result.count else ""
        raise AuditChainError(
            f"The audit trail was tampered with{where}: {result.problem}.",
            hint="Events from there on cannot be trusted; compare with a database backup.",
        )
    head = f"; head is event {result.head_id}, hash {result.head_hash[:HASH_SHOWN]}"
    click.echo(f"{result.count:,} events, chain intact{head if result.head_id else ''}.")


def _print_lines(events: Iterable[AuditEvent], mailout_id: int | None) -> None:
    # One line per event, nothing truncated: a timeline people grep and paste into reports.
    shown = 0
    for event in events:
        details = f"  {canonical(event.details)}" if event.details else ""
        click.echo(
            visible(
                f"{event.id:>6}  {event.at:%Y-%m-%d %H:%M:%S}  {event.actor}  {event.action}  "
                f"{event.object_type} {event.object_id}{details}"
            )
        )
        shown += 1
    if not shown:
        about = f" about mailout {mailout_id}" if mailout_id is not None else ""
        click.echo(f"No audit events{about}.")
