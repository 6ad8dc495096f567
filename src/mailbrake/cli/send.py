"""`mailbrake send, resume, resend-uncertain`: start delivering a mailout and continue it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import click

from mailbrake.cli.context import AppContext, pass_app
from mailbrake.cli.fields import fields_as_flags
from mailbrake.errors import InputError, InputProblem, MailbrakeError
from mailbrake.models import DeliveryState, MailoutState
from mailbrake.pipeline import send as pipeline
from mailbrake.pipeline.deliver import DeliveryOptions
from mailbrake.pipeline.send import (
    ConfirmationNeededError,
    SendOutcome,
    SendOutcomeKind,
    SendRequest,
)
from mailbrake.visible import visible

UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0}


def parse_rate(value: str | None) -> float | None:
    """ "50", "50/s", "600/m" or "3600/h" -> messages per second."""
    if value is None:
        return None
    count, _, unit = value.strip().lower().partition("/")
    try:
        rate = float(count) / UNITS[unit or "s"]
    except (ValueError, KeyError):
        problem = InputProblem("--rate", f"{value!r} is not a rate")
        raise InputError([problem], hint="Use e.g. --rate 50/s, 600/m or 3600/h.") from None
    return rate


@click.command("send")
@click.argument("mailout_id", type=int)
@click.option("--confirm", type=int, help="The number of recipients, to confirm a big send.")
@click.option("--override", help="Why to send despite the check's warnings (audited).")
@click.option("--wait", is_flag=True, help="Start local workers and show progress to the end.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--rate", help="Messages per second for this mailout: 50/s, 600/m, 3600/h.")
@click.option("--hourly", type=int, help="At most N messages in any sliding hour.")
@click.option("--connections", type=int, help="SMTP connections per worker for this mailout.")
@click.option("--canary", help="First wave: N recipients or P% (e.g. 50 or 1%); then pause.")
@click.option("--canary-wait", type=float, help="Resume by itself this many seconds after a wave.")
@click.option("--waves", default="", help="Further waves, e.g. 1%,10%,rest.")
@click.option("--max-attempts", type=int, help="Tries of a deferred (4xx) recipient.")
@click.option("--retry-base", type=float, help="Seconds before the first retry; doubles after.")
@pass_app
def send(
    app: AppContext,
    mailout_id: int,
    confirm: int | None,
    override: str | None,
    wait: bool,
    workers: int,
    rate: str | None,
    hourly: int | None,
    connections: int | None,
    canary: str | None,
    canary_wait: float | None,
    waves: str,
    max_attempts: int | None,
    retry_base: float | None,
) -> None:
    """Send mailout MAILOUT_ID: check and confirm a draft, hold it in its undo window, then
    deliver it in waves (by `mailbrake worker`, or by local workers with --wait)."""
    user = app.current_user("mailouts.send")
    flags = {
        "rate": parse_rate(rate), "hourly": hourly, "connections": connections,
        "canary_wait": canary_wait, "max_attempts": max_attempts, "retry_base": retry_base,
    }  # fmt: skip
    given = canary is not None or bool(waves) or any(v is not None for v in flags.values())
    with fields_as_flags():
        options = DeliveryOptions.build(canary=canary, waves=waves, **flags) if given else None
    request = SendRequest(user=user, confirm=confirm, override=override, delivery=options)
    try:
        outcome = pipeline.send(app.store, app.settings, mailout_id, request, clock=app.clock)
    except ConfirmationNeededError as exc:
        if confirm is not None or not sys.stdin.isatty():
            raise
        typed = click.prompt(f"{exc.message} Recipients", type=int)
        request = SendRequest(user=user, confirm=typed, override=override, delivery=options)
        outcome = pipeline.send(app.store, app.settings, mailout_id, request, clock=app.clock)
    _echo_outcome(outcome)
    if outcome.kind is SendOutcomeKind.HELD_FOR_APPROVAL:
        return
    if not wait:
        click.echo(f"Deliver it with `mailbrake worker`, or `mailbrake send {mailout_id} --wait`.")
        return
    _run_local_workers(app, mailout_id, workers)


def _echo_outcome(outcome: SendOutcome) -> None:
    mailout_id = outcome.mailout_id
    if outcome.kind is SendOutcomeKind.SCHEDULED and outcome.starts_at is not None:
        click.echo(
            f"Mailout {mailout_id} is in its undo window until {outcome.starts_at:%H:%M:%S} UTC; "
            f"`mailbrake cancel {mailout_id}` stops it. A worker starts it after that."
        )
    elif outcome.kind is not SendOutcomeKind.ALREADY_SENDING:
        click.echo(outcome.message)


def _worker_command(mailout_id: int) -> list[str]:
    # --parent-pid: the workers leave (handing back what is unsent) if this process dies.
    parent = ["--parent-pid", str(os.getpid())]
    return [sys.executable, "-m", "mailbrake", "worker", "--mailout", str(mailout_id), *parent]


def _run_local_workers(app: AppContext, mailout_id: int, count: int) -> None:
    env = dict(os.environ)
    if app.settings.config_file is not None:
        env["MAILBRAKE_CONFIG"] = str(app.settings.config_file)
    command = _worker_command(mailout_id)
    procs = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL) for _ in range(count)]
    try:
        _show_progress(app, mailout_id, procs)
    except KeyboardInterrupt:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait()
        click.echo(
            f"Workers stopped; mailout {mailout_id} is still {_state(app, mailout_id)}. "
            f"Continue with `mailbrake worker`, or halt it with `mailbrake stop {mailout_id}`."
        )
        return
    failed = [p.returncode for p in procs if p.returncode]
    status = pipeline.delivery_status(app.store, mailout_id)
    counts = status.counts
    click.echo(
        f"Mailout {mailout_id} is {status.state}: {counts.sent:,} sent, "
        f"{counts.failed:,} failed, {counts.uncertain:,} uncertain."
    )
    paused = status.state is MailoutState.PAUSED
    reason = status.paused_reason.rstrip(".")
    if paused and reason:
        click.echo(visible(f"Paused: {reason}. Continue: `mailbrake resume {mailout_id}`."))
    if failed:
        raise MailbrakeError(f"{len(failed)} worker(s) exited with an error (see above).")
    if paused and not reason.endswith(" done"):
        raise SystemExit(1)  # paused by a fault, not by a wave the user planned
    options = DeliveryOptions.of(app.store.get_mailout(mailout_id))
    why = pipeline.wait_failure(status, options)
    if why:
        raise MailbrakeError(
            f"Mailout {mailout_id} failed: {why}.",
            hint=f"See who and why: `mailbrake ledger {mailout_id} --state failed`.",
        )


def _show_progress(app: AppContext, mailout_id: int, procs: list[subprocess.Popen[bytes]]) -> None:
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    total = app.store.run_info(mailout_id).total
    columns = (
        TextColumn("[bold]mailout {task.fields[mid]}"),
        BarColumn(),
        TextColumn(
            "{task.completed:,}/{task.total:,} sent, {task.fields[failed]:,} failed, "
            "{task.fields[rate]:.0f}/s"
        ),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=app.console, transient=False) as progress:
        task = progress.add_task("send", total=total, mid=mailout_id, failed=0, rate=0.0)
        last, last_at = 0, time.monotonic()
        while any(p.poll() is None for p in procs):
            time.sleep(0.5)  # a display refresh interval, not synchronisation
            counts = app.store.delivery_counts(mailout_id)
            now = time.monotonic()
            sent = counts[DeliveryState.SENT]
            rate = (sent - last) / max(now - last_at, 1e-6)
            last, last_at = sent, now
            failed = counts[DeliveryState.FAILED]
            progress.update(task, completed=sent, failed=failed, rate=rate)


def _state(app: AppContext, mailout_id: int) -> str:
    return str(app.store.get_mailout(mailout_id).state)


@click.command("resume")
@click.argument("mailout_id", type=int)
@pass_app
def resume(app: AppContext, mailout_id: int) -> None:
    """Continue a paused mailout (after its canary wave, or a pause by hand or by fault)."""
    user = app.current_user("mailouts.send")
    outcome = pipeline.resume(app.store, app.settings, mailout_id, user=user, clock=app.clock)
    click.echo(outcome.message)


@click.command("resend-uncertain")
@click.argument("mailout_id", type=int)
@pass_app
def resend_uncertain(app: AppContext, mailout_id: int) -> None:
    """Queue the uncertain recipients again (same Message-ID, so a relay can drop duplicates)."""
    user = app.current_user("mailouts.send")
    outcome = pipeline.resend_uncertain(
        app.store, app.settings, mailout_id, user=user, clock=app.clock
    )
    click.echo(outcome.message)


COMMANDS = (send, resume, resend_uncertain)
