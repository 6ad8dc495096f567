"""`mailbrake approvals/approve/reject/cancel/test-send`: the second pair of eyes and the undo."""

from __future__ import annotations

import click
from rich.table import Table

from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.cli.fields import fields_as_flags
from mailbrake.models import MailoutState
from mailbrake.pipeline.approve import decide, valid_approval
from mailbrake.pipeline.send import cancel as cancel_mailout
from mailbrake.pipeline.trial import send_trial


@click.command("approvals")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_app
def approvals(app: AppContext, fmt: str) -> None:
    """The queue: mailouts awaiting approval, with their check's verdict and audience."""
    queue = []
    for mailout_id in app.store.mailouts_in(MailoutState.AWAITING_APPROVAL):
        mailout = app.store.get_mailout(mailout_id)
        check = app.store.latest_check(mailout_id)
        state = valid_approval(app.store, mailout, app.clock)
        queue.append(
            {
                "id": mailout_id,
                "subject": mailout.content.subject,
                "list": mailout.list_name,
                "sender": mailout.created_by,
                "verdict": str(check.verdict) if check else "unchecked",
                "rule": check.deciding_rule if check else "",
                "audience": check.audience.size if check else None,
                "status": state.reason,
            }
        )
    if fmt == "json":
        echo_json(queue)
        return
    if not queue:
        click.echo("Nothing is awaiting approval.")
        return
    table = Table("id", "subject", "list", "sender", "verdict", "rule", "audience")
    for q in queue:
        table.add_row(
            str(q["id"]),
            str(q["subject"]),
            str(q["list"]),
            str(q["sender"]),
            str(q["verdict"]),
            str(q["rule"]),
            f"{q['audience']:,}",
        )
    app.console.print(table)


@click.command("approve")
@click.argument("mailout_id", type=int)
@click.option("--note", required=True, help="Why it is fine to send (kept in the audit trail).")
@pass_app
def approve(app: AppContext, mailout_id: int, note: str) -> None:
    """Approve a held mailout (not your own); it is then scheduled with its undo window."""
    user = app.current_user("mailouts.approve")
    with fields_as_flags():
        decision = decide(
            app.store, app.settings, mailout_id, user, approve=True, note=note, clock=app.clock
        )
    starts = app.store.scheduled_for(mailout_id)
    click.echo(
        f"Approved mailout {mailout_id} (valid until {decision.expires_at:%Y-%m-%d %H:%M} "
        f"UTC). It starts at {starts:%H:%M:%S} UTC unless cancelled: "
        f"`mailbrake cancel {mailout_id}`."
    )


@click.command("reject")
@click.argument("mailout_id", type=int)
@click.option("--reason", required=True, help="What must change (the sender is told).")
@pass_app
def reject(app: AppContext, mailout_id: int, reason: str) -> None:
    """Reject a held mailout; it goes back to draft and the sender is told why."""
    user = app.current_user("mailouts.approve")
    with fields_as_flags(note="--reason"):
        decide(
            app.store, app.settings, mailout_id, user, approve=False, note=reason, clock=app.clock
        )
    click.echo(f"Rejected mailout {mailout_id}; it is a draft again and the sender was told.")


@click.command("cancel")
@click.argument("mailout_id", type=int)
@click.option("--reason", default="", help="Why (kept in the audit trail).")
@pass_app
def cancel(app: AppContext, mailout_id: int, reason: str) -> None:
    """Cancel a scheduled mailout during its undo window: nothing is sent."""
    user = app.current_user("mailouts.stop")
    outcome = cancel_mailout(
        app.store, app.settings, mailout_id, user=user, clock=app.clock, reason=reason
    )
    click.echo(outcome.message)


@click.command("test-send")
@click.argument("mailout_id", type=int)
@click.option("--to", default=None, help="Deliver here (default: your own address).")
@click.option("--as-recipient", default=None, help="Render with this list member's fields.")
@pass_app
def test_send(app: AppContext, mailout_id: int, to: str | None, as_recipient: str | None) -> None:
    """Send one rendered copy to yourself, marked as a test (not in the ledger's counts)."""
    user = app.current_user("mailouts.send")
    result = send_trial(
        app.store, app.settings, mailout_id, user, to=to, as_recipient=as_recipient, clock=app.clock
    )
    click.echo(
        f"Test copy rendered for {result.rendered_for} sent to {result.to}: "
        f"{result.reply.code} {result.reply.text}"
    )
    if not result.reply.is_success:
        raise SystemExit(1)
