"""`mailbrake gateway` (the SMTP submission gateway) and `mailbrake held` (IT review)."""

from __future__ import annotations

import contextlib
import signal
import threading
from pathlib import Path
from types import FrameType

import click
from rich.table import Table

from mailbrake.cli import MailbrakeGroup
from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.pipeline.held import WAITING, dismiss, release


@click.group("gateway", cls=MailbrakeGroup, invoke_without_command=True)
@click.option("--host", default=None, help="Address to listen on (gateway_host).")
@click.option("--port", default=None, type=click.IntRange(0, 65535), help="Port (gateway_port).")
@click.option(
    "--self-signed",
    "self_signed",
    type=click.Path(path_type=Path),
    default=None,
    metavar="DIR",
    help="Make (or reuse) a self-signed certificate in DIR for STARTTLS, for trying it out.",
)
@pass_app
def gateway(app: AppContext, host: str | None, port: int | None, self_signed: Path | None) -> None:
    """Run the SMTP submission gateway until Ctrl-C: clean mail to a few people is relayed at
    once; bulk mail and mail with findings is held as a gateway mailout."""
    if click.get_current_context().invoked_subcommand is not None:
        return
    from mailbrake.gateway.certs import self_signed_pair
    from mailbrake.gateway.server import build_gateway

    settings = app.settings
    if self_signed is not None:
        cert, key = self_signed_pair(self_signed)
        settings = settings.model_copy(update={"gateway_tls_cert": cert, "gateway_tls_key": key})
    if settings.gateway_tls_cert is None and not settings.gateway_allow_plain_auth_on_loopback:
        click.echo(
            "Warning: no certificate (gateway_tls_cert), so no STARTTLS and no AUTH: only "
            "gateway_trusted_networks can send. Try --self-signed DIR.",
            err=True,
        )
    server = build_gateway(app.store, settings, app.clock, host=host, port=port)
    server.start()
    click.echo(f"mailbrake gateway listening on {server.host}:{server.port} (Ctrl-C stops it)")
    _wait_for_signal()
    server.stop()
    click.echo("Gateway stopped.")


def _wait_for_signal() -> None:
    done = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGTERM, on_signal)
    with contextlib.suppress(KeyboardInterrupt):
        done.wait()


@gateway.command("send-as")
@click.argument("user")
@click.argument("address")
@pass_app
def send_as(app: AppContext, user: str, address: str) -> None:
    """Let USER send through the gateway as ADDRESS (admin; audited)."""
    admin = app.current_user("users.manage")
    app.store.grant_send_as(user, address, actor=admin.email)
    click.echo(f"{user} may now send as {address} through the gateway.")


@gateway.command("log")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_app
def log(app: AppContext, limit: int, fmt: str) -> None:
    """The latest messages the gateway answered: relayed, held, blocked, refused."""
    app.current_user("audit.read")
    records = app.store.gateway_messages(limit=limit)
    if fmt == "json":
        echo_json([{**_record_json(r)} for r in records])
        return
    table = Table("id", "received", "user", "from", "recipients", "verdict", "what", "mailout")
    for r in records:
        table.add_row(
            str(r.id),
            f"{r.received_at:%Y-%m-%d %H:%M:%S}",
            r.auth_user,
            r.mail_from,
            f"{len(r.recipients):,}",
            str(r.verdict),
            f"{r.disposition} {r.upstream_code or ''}".strip(),
            str(r.mailout_id or ""),
        )
    app.console.print(table)


def _record_json(r: object) -> dict[str, object]:
    from dataclasses import asdict

    data = asdict(r)  # type: ignore[call-overload]
    return {
        k: (str(v) if k in ("verdict", "disposition", "received_at") else v)
        for k, v in data.items()
    }


@click.group("held", cls=MailbrakeGroup, invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_app
def held(app: AppContext, fmt: str) -> None:
    """Gateway mail waiting for review: findings, audience, state."""
    if click.get_current_context().invoked_subcommand is not None:
        return
    rows = []
    for mailout_id in app.store.held_gateway_mailouts(WAITING):
        mailout = app.store.get_mailout(mailout_id)
        check = app.store.latest_check(mailout_id)
        rows.append(
            {
                "id": mailout_id,
                "state": str(mailout.state),
                "sender": mailout.created_by,
                "subject": mailout.content.subject,
                "recipients": app.store.count_recipients(mailout.list_id),
                "verdict": str(check.verdict) if check else "unchecked",
                "rule": check.deciding_rule if check else "",
                "findings": len(check.findings) if check else 0,
            }
        )
    if fmt == "json":
        echo_json(rows)
        return
    if not rows:
        click.echo("No gateway mail is held.")
        return
    table = Table("id", "state", "sender", "subject", "recipients", "verdict", "rule", "findings")
    for row in rows:
        table.add_row(*(f"{v:,}" if isinstance(v, int) else str(v) for v in row.values()))
    app.console.print(table)


NOTE = click.option("--note", required=True, help="Why (kept in the audit trail).")


@held.command("release")
@click.argument("mailout_id", type=int)
@NOTE
@pass_app
def release_command(app: AppContext, mailout_id: int, note: str) -> None:
    """Approve a held gateway mailout (not your own) and schedule it."""
    user = app.current_user("mailouts.approve")
    result = release(app.store, app.settings, mailout_id, user, note, clock=app.clock)
    when = f"{result.starts_at:%H:%M:%S} UTC" if result.starts_at else "after its undo window"
    click.echo(f"Released gateway mailout {mailout_id}: it starts at {when}.")


@held.command("return")
@click.argument("mailout_id", type=int)
@NOTE
@pass_app
def return_command(app: AppContext, mailout_id: int, note: str) -> None:
    """Cancel a held gateway mailout and send the note to its sender."""
    user = app.current_user("mailouts.approve")
    dismiss(app.store, app.settings, mailout_id, user, note, tell_sender=True)
    click.echo(f"Returned gateway mailout {mailout_id} to its sender.")


@held.command("discard")
@click.argument("mailout_id", type=int)
@NOTE
@pass_app
def discard_command(app: AppContext, mailout_id: int, note: str) -> None:
    """Cancel a held gateway mailout without telling the sender (audited)."""
    user = app.current_user("mailouts.approve")
    dismiss(app.store, app.settings, mailout_id, user, note, tell_sender=False)
    click.echo(f"Discarded gateway mailout {mailout_id}.")
