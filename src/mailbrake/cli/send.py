"""`mailbrake send, worker, stop, resume, status, ledger, resend-uncertain`: delivery commands."""

from __future__ import annotations

import asyncio
import getpass
import os
import signal
import subprocess
import sys
import time
from typing import Any

import click

from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.errors import InputError, InputProblem, MailbrakeError, StateError
from mailbrake.models import DeliveryState, MailoutState
from mailbrake.people import User
from mailbrake.pipeline.deliver import DeliveryOptions, start_sending
from mailbrake.pipeline.dispatch import Batching
from mailbrake.pipeline.ledger_report import WRITERS, delivery_status, describe_entry
from mailbrake.pipeline.stop import StopReport, await_in_flight, stop_mailouts
from mailbrake.pipeline.worker import Worker, WorkerConfig, mime_messages

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
    options = DeliveryOptions.build(canary=canary, waves=waves, **flags) if given else None
    mailout = app.store.get_mailout(mailout_id)
    if mailout.state in PREPARABLE:
        if not _prepare(app, user, mailout_id, options, confirm, override):
            return
        mailout = app.store.get_mailout(mailout_id)
    if mailout.state is MailoutState.SCHEDULED:
        _start_if_due(app, mailout_id, options or DeliveryOptions.of(mailout), user.email)
    elif mailout.state is not MailoutState.SENDING:
        raise StateError(mailout_id, str(mailout.state), "sending", ["sending (from scheduled)"])
    if not wait:
        click.echo(f"Deliver it with `mailbrake worker`, or `mailbrake send {mailout_id} --wait`.")
        return
    _run_local_workers(app, mailout_id, workers)


PREPARABLE = (MailoutState.DRAFT, MailoutState.CHECKED, MailoutState.AWAITING_APPROVAL)


def _prepare(
    app: AppContext,
    user: User,
    mailout_id: int,
    options: DeliveryOptions | None,
    confirm: int | None,
    override: str | None,
) -> bool:
    """Check, confirm and schedule (or hold for approval); False when it waits for approval."""
    from mailbrake.pipeline.prepare import ConfirmationNeededError, SendRequest, prepare_send

    delivery = options.as_json() if options is not None else {}
    request = SendRequest(user=user, confirm=confirm, override=override, delivery=delivery)
    try:
        prepared = prepare_send(app.store, app.settings, mailout_id, request, clock=app.clock)
    except ConfirmationNeededError as exc:
        if confirm is not None or not sys.stdin.isatty():
            raise
        typed = click.prompt(f"{exc.message} Recipients", type=int)
        request = SendRequest(user=user, confirm=typed, override=override, delivery=delivery)
        prepared = prepare_send(app.store, app.settings, mailout_id, request, clock=app.clock)
    if prepared.scheduled is None:
        approvers = ", ".join(prepared.approvers) or "an approver"
        click.echo(
            f"Mailout {mailout_id} needs approval ({prepared.held_because}); asked {approvers}."
        )
        return False
    return True


def _start_if_due(app: AppContext, mailout_id: int, options: DeliveryOptions, actor: str) -> None:
    """Start a scheduled mailout now, unless its undo window is still open."""
    from mailbrake.pipeline.hold import why_not_startable

    starts_at = app.store.scheduled_for(mailout_id)
    if starts_at is not None and starts_at > app.clock.now():
        click.echo(
            f"Mailout {mailout_id} is in its undo window until {starts_at:%H:%M:%S} UTC; "
            f"`mailbrake cancel {mailout_id}` stops it. A worker starts it after that."
        )
        return
    if starts_at is not None:
        mailout = app.store.get_mailout(mailout_id)
        reason = why_not_startable(app.store, mailout, app.clock, app.settings)
        if reason:
            raise MailbrakeError(f"Mailout {mailout_id} cannot start: {reason}.")
    run = start_sending(app.store, mailout_id, options, actor=actor)
    click.echo(
        f"Mailout {mailout_id} is sending: {run.total:,} recipients in {run.wave_count} wave(s)."
    )


def _worker_command(mailout_id: int) -> list[str]:
    return [sys.executable, "-m", "mailbrake", "worker", "--mailout", str(mailout_id)]


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
    summary = delivery_status(app.store, mailout_id)
    counts = summary["counts"]
    click.echo(
        f"Mailout {mailout_id} is {summary['state']}: {counts['sent']:,} sent, "
        f"{counts['failed']:,} failed, {counts['uncertain']:,} uncertain."
    )
    if summary["paused_reason"]:
        click.echo(
            f"Paused: {summary['paused_reason']}. Continue: `mailbrake resume {mailout_id}`."
        )
    if failed:
        raise MailbrakeError(f"{len(failed)} worker(s) exited with an error (see above).")


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


@click.command("worker")
@click.option("--mailout", "mailout_id", type=int, help="Send only this mailout, to its end.")
@click.option("--once", is_flag=True, help="Exit when no mailout is sending.")
@click.option("--batch", default=200, show_default=True, type=click.IntRange(1, 10_000))
@pass_app
def worker(app: AppContext, mailout_id: int | None, once: bool, batch: int) -> None:
    """Run a sending worker until SIGTERM or Ctrl-C (in-flight messages finish first)."""
    from mailbrake.pipeline.hold import start_due
    from mailbrake.transport import make_transport

    settings = app.settings
    config = WorkerConfig(
        batching=Batching(batch_size=batch), max_connections=settings.smtp_pool_size
    )
    messages = mime_messages(settings.resolved_secret(), settings.public_url)

    async def main() -> None:
        transport = make_transport(settings)
        engine = Worker(
            app.store, transport, messages, clock=app.clock, config=config,
            start_due=lambda: start_due(app.store, settings, app.clock),
        )  # fmt: skip
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, engine.request_exit)
        try:
            await engine.run(mailout_id=mailout_id, once=once)
        finally:
            await transport.close()

    asyncio.run(main())


@click.command("stop")
@click.argument("mailout_id", type=int, required=False)
@click.option("--all", "stop_all", is_flag=True, help="Every scheduled, sending or paused mailout.")
@click.option("--timeout", default=5.0, show_default=True, help="Seconds to wait for each worker.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_app
def stop(app: AppContext, mailout_id: int | None, stop_all: bool, timeout: float, fmt: str) -> None:
    """Emergency stop: nothing new leaves once this returns; names workers that did not answer."""
    if (mailout_id is None) == (not stop_all):
        raise InputError([InputProblem("stop", "name one MAILOUT_ID or use --all")])
    wanted = None if stop_all else [mailout_id or 0]
    report = stop_mailouts(app.store, wanted, ack_timeout=timeout, actor=_stopper(app))
    outcomes = {
        m.mailout_id: await_in_flight(app.store, m.mailout_id, m.in_flight, timeout=timeout)
        for m in report.stopped
    }
    if fmt == "json":
        echo_json(_stop_json(report, outcomes))
    else:
        _print_stop(report, outcomes)
    if report.unacknowledged:
        names = ", ".join(report.unacknowledged)
        raise MailbrakeError(
            f"Worker(s) {names} did not acknowledge the stop within {timeout:g} s; they may "
            "still be sending.",
            hint="Stop those processes (SIGTERM, or SIGKILL if they hang).",
        )


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


@click.command("resume")
@click.argument("mailout_id", type=int)
@pass_app
def resume(app: AppContext, mailout_id: int) -> None:
    """Continue a paused mailout (after its canary wave, or a pause by hand or by fault)."""
    app.store.resume(mailout_id, actor=app.current_user("mailouts.send").email)
    run = app.store.run_info(mailout_id)
    click.echo(
        f"Mailout {mailout_id} is sending again (wave {run.current_wave + 1} of {run.wave_count})."
    )


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
@click.option("--state", type=click.Choice([s.value for s in DeliveryState]))
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
    entries = app.store.iter_ledger(mailout_id, DeliveryState(state) if state else None)
    WRITERS[fmt](entries, sys.stdout)


@click.command("resend-uncertain")
@click.argument("mailout_id", type=int)
@pass_app
def resend_uncertain(app: AppContext, mailout_id: int) -> None:
    """Queue the uncertain recipients again (same Message-ID, so a relay can drop duplicates)."""
    actor = app.current_user("mailouts.send").email
    count = app.store.requeue_uncertain(mailout_id)
    if count and app.store.get_mailout(mailout_id).state is MailoutState.PAUSED:
        app.store.resume(mailout_id, actor=actor)
    click.echo(f"{count:,} uncertain recipient(s) of mailout {mailout_id} queued again.")


COMMANDS = (send, worker, stop, resume, status, ledger, resend_uncertain)
