"""`mailbrake stop`: the emergency stop, and what it reports about the stopped mailouts."""

from __future__ import annotations

import getpass
import os
import threading
from typing import Any

import click

from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.errors import InputError, InputProblem, MailbrakeError
from mailbrake.models import DeliveryState, MailoutState
from mailbrake.pipeline.stop import StopReport, await_in_flight, settle_stop, stop_mailouts

WAITING_NOTICE = 1.0  # seconds before `stop` says that it is waiting for the database


@click.command("stop")
@click.argument("mailout_id", type=int, required=False)
@click.option("--all", "stop_all", is_flag=True, help="Every scheduled, sending or paused mailout.")
@click.option("--timeout", default=5.0, show_default=True, help="Seconds to wait for each worker.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--routine", is_flag=True, help="A planned stop: open no incident.")
@pass_app
def stop(
    app: AppContext,
    mailout_id: int | None,
    stop_all: bool,
    timeout: float,
    fmt: str,
    routine: bool,
) -> None:
    """Emergency stop: nothing new leaves once this returns; names workers that did not answer.

    When messages had already left, an incident is opened (and the sender's manager told)
    unless --routine says the stop was planned."""
    if (mailout_id is None) == (not stop_all):
        raise InputError([InputProblem("stop", "name one MAILOUT_ID or use --all")])
    wanted = None if stop_all else [mailout_id or 0]
    # Opening the database and committing the stop both wait while another process holds
    # its write lock: say so rather than hang silently, and stop saying it once committed.
    notice = threading.Timer(WAITING_NOTICE, _say_waiting)
    notice.daemon = True
    notice.start()
    try:
        report = stop_mailouts(
            app.store,
            wanted,
            ack_timeout=timeout,
            actor=_stopper(app),
            settle=False,
            committed=notice.cancel,
        )
    finally:
        notice.cancel()
    # Every live worker's brake is on now; the rest is bookkeeping and reporting.
    settle_stop(app.store, [m.mailout_id for m in report.stopped])
    outcomes = {
        m.mailout_id: await_in_flight(app.store, m.mailout_id, m.in_flight, timeout=timeout)
        for m in report.stopped
    }
    incidents = _open_incidents(app, report, routine)
    if fmt == "json":
        echo_json({**_stop_json(report, outcomes), "incidents": incidents})
    else:
        _print_stop(report, outcomes)
        for incident_id in incidents:
            click.echo(f"Incident {incident_id} opened: `mailbrake incident report {incident_id}`.")
    if report.unacknowledged:
        names = ", ".join(report.unacknowledged)
        raise MailbrakeError(
            f"Worker(s) {names} did not acknowledge the stop within {timeout:g} s; they may "
            "still be sending.",
            hint="Stop those processes (SIGTERM, or SIGKILL if they hang).",
        )


def _say_waiting() -> None:
    click.echo(
        "Waiting for the database: another process holds its lock. The stop is committed "
        "the moment it is released.",
        err=True,
    )


def _open_incidents(app: AppContext, report: StopReport, routine: bool) -> list[int]:
    """An incident for every halted mailout that had sent something (not for --routine)."""
    from mailbrake.pipeline.incident import open_after_stop

    opened = []
    for item in report.stopped:
        if item.after is not MailoutState.HALTED:
            continue
        incident = open_after_stop(
            app.store,
            app.settings,
            item.mailout_id,
            _stopper(app),
            routine=routine,
            clock=app.clock,
            brake_ms=report.ack_ms,
        )
        if incident is not None:
            opened.append(incident.id)
    return opened


def _stopper(app: AppContext) -> str:
    """Who stops: the named user if they can be identified, else what is known. A stop never
    waits for identification (fail closed means: stop)."""
    try:
        return app.current_user("mailouts.stop").email
    except MailbrakeError:
        claimed = app.acting_as or os.environ.get("MAILBRAKE_USER", "") or "unidentified"
        return f"{claimed} (unverified; OS user {getpass.getuser()})"


def _stop_json(report: StopReport, outcomes: dict[int, dict[DeliveryState, int]]) -> Any:
    return {
        "ack_ms": round(report.ack_ms, 1),
        "elapsed_ms": round(report.elapsed_ms, 1),
        "unacknowledged": report.unacknowledged,
        "already_final": [{"mailout": i, "state": str(s)} for i, s in report.already_final],
        "stopped": [
            {
                "mailout": m.mailout_id,
                "from": str(m.before),
                "to": str(m.after),
                "sent": m.sent,
                "in_flight": len(m.in_flight),
                "halted": m.halted,
                "in_flight_outcome": {str(k): v for k, v in outcomes[m.mailout_id].items()},
            }
            for m in report.stopped
        ],
    }


def _print_stop(report: StopReport, outcomes: dict[int, dict[DeliveryState, int]]) -> None:
    for m in report.stopped:
        ended = ", ".join(f"{n} {s}" for s, n in outcomes[m.mailout_id].items()) or "none"
        click.echo(
            f"Mailout {m.mailout_id}: {m.before} -> {m.after} in {report.elapsed_ms:.0f} ms "
            f"(brake on in {report.ack_ms:.0f} ms). {m.sent:,} sent before the stop; "
            f"{len(m.in_flight):,} in flight at the stop ({ended}); {m.halted:,} halted."
        )
    for mailout_id, state in report.already_final:
        click.echo(f"Mailout {mailout_id} is {state} already; nothing to stop.")
    if not report.stopped and not report.already_final:
        click.echo("No mailout was scheduled, sending or paused.")
