"""`mailbrake emergency`: the switch that holds every new mailout and stops every sending one."""

from __future__ import annotations

import click

from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.errors import InputError, InputProblem
from mailbrake.store.audit import EmergencyState
from mailbrake.visible import visible


@click.group("emergency")
def emergency() -> None:
    """The emergency switch (admin). While it is on, nothing new is sent."""


@emergency.command("on")
@click.option("--reason", required=True, help="Why: shown to everyone whose mailout is held.")
@pass_app
def switch_on(app: AppContext, reason: str) -> None:
    """Turn the switch on and stop every scheduled, sending or paused mailout."""
    if not reason.strip():
        raise InputError([InputProblem("--reason", "say why the emergency switch goes on")])
    admin = app.current_user("emergency")
    state, changed = app.store.set_emergency(True, actor=admin.email, reason=reason.strip())
    if changed:
        click.echo(visible(f"Emergency switch is ON: {state.reason}"))
    else:
        click.echo(visible(f"Emergency switch was already on ({_since(state)}): {state.reason}"))
    _stop_everything(app)
    click.echo("New mailouts are held until `mailbrake emergency off`.")


@emergency.command("off")
@click.option("--reason", default="", help="Why it is safe again (recorded in the audit trail).")
@pass_app
def switch_off(app: AppContext, reason: str) -> None:
    """Turn the switch off. Stopped mailouts stay stopped; held ones can be sent again."""
    admin = app.current_user("emergency")
    state, changed = app.store.set_emergency(False, actor=admin.email, reason=reason.strip())
    if changed:
        click.echo("Emergency switch is off; mailouts can be sent again.")
    else:
        click.echo(f"Emergency switch was already off ({_since(state)}).")


@emergency.command("status")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_app
def status(app: AppContext, fmt: str) -> None:
    """Show whether the switch is on, since when, by whom and why. Anyone may look."""
    state = app.store.emergency()
    if fmt == "json":
        echo_json({"on": state.on, "since": state.since, "by": state.by, "reason": state.reason})
        return
    if state.on:
        click.echo(visible(f"Emergency switch is ON ({_since(state)}): {state.reason}"))
        return
    click.echo(f"Emergency switch is off ({_since(state)}).")


def _stop_everything(app: AppContext) -> None:
    from mailbrake.pipeline.stop import stop_mailouts

    report = stop_mailouts(app.store, None)
    if not report.stopped:
        click.echo("No mailout was scheduled, sending or paused; nothing to stop.")
        return
    for item in report.stopped:
        click.echo(
            f"Stopped mailout {item.mailout_id} ({item.before} -> {item.after}): "
            f"{item.sent:,} sent before the stop, {item.halted:,} will not get it."
        )
    if report.unacknowledged:
        names = ", ".join(report.unacknowledged)
        app.err.print(f"[yellow]These workers did not confirm the stop:[/] {names}")


def _since(state: EmergencyState) -> str:
    if state.since is None:
        return "never changed"
    by = f" by {state.by}" if state.by else ""
    return f"since {state.since:%Y-%m-%d %H:%M:%S} UTC{by}"
