"""`mailbrake demo`: the whole road on a throwaway SQLite database and a built-in capture sink."""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

import click

from mailbrake.cli.check import print_report
from mailbrake.cli.context import AppContext, pass_app
from mailbrake.demo.mistake import write_salary_sheet
from mailbrake.demo.run import BackgroundWorker, Cast, DemoPlace, compose_from, hire, import_people
from mailbrake.errors import MailbrakeError
from mailbrake.models import DeliveryState
from mailbrake.pipeline.approve import decide
from mailbrake.pipeline.check import check_mailout
from mailbrake.pipeline.deliver import DeliveryOptions
from mailbrake.pipeline.incident import open_after_stop
from mailbrake.pipeline.report.facts import build_report
from mailbrake.pipeline.report.html import render_html
from mailbrake.pipeline.send import SendOutcomeKind, SendRequest, resume, send
from mailbrake.pipeline.stop import stop_mailouts
from mailbrake.settings import Settings, load_settings
from mailbrake.sink import start_sink
from mailbrake.store import Store


class Arrivals:
    """Counts messages as the sink stores them, so the demo can wait for a number."""

    def __init__(self) -> None:
        self.count = 0
        self._changed = threading.Condition()

    def __call__(self, *_: object) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()

    def wait_for(self, count: int, timeout: float = 60.0) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self.count >= count, timeout)


@click.command("demo")
@click.option("--recipients", type=click.IntRange(200, 100_000), default=3_000, show_default=True)
@click.option(
    "--dir",
    "root",
    type=click.Path(path_type=Path),
    default=None,
    help="Keep the demo's files here (default: a new temporary directory).",
)
@pass_app
def demo(app: AppContext, recipients: int, root: Path | None) -> None:
    """Walk the whole road into a local capture sink: a newsletter through approval and a
    canary wave, a salary sheet the check blocks, and an emergency stop."""
    place = DemoPlace(Path(tempfile.mkdtemp(prefix="mailbrake-demo-")) if root is None else root)
    place.root.mkdir(parents=True, exist_ok=True)
    arrivals = Arrivals()
    click.echo(f"Demo files: {place.root}")
    with start_sink("127.0.0.1", 0, place.sink, on_arrival=arrivals) as sink:
        place.write_config(sink.port)
        settings = load_settings(place.config)
        click.echo(f"Capture sink on 127.0.0.1:{sink.port}, storing into {place.sink}\n")
        store = Store.open(settings.database_url, clock=app.clock)
        store.set_audit_secret(settings.resolved_secret())
        try:
            cast = hire(store)
            newsletter(app, store, settings, cast, place, recipients, arrivals)
            mistake(app, store, settings, cast, place)
            emergency_stop(app, store, settings, cast, place, arrivals)
        finally:
            store.close()
        click.echo(f"\nThe sink holds {sink.count():,} messages in {place.sink}.")
    next_steps(place)


def section(title: str) -> None:
    click.secho(f"\n== {title}", bold=True)


def newsletter(
    app: AppContext,
    store: Store,
    settings: Settings,
    cast: Cast,
    place: DemoPlace,
    recipients: int,
    arrivals: Arrivals,
) -> None:
    section("1. A newsletter to everyone: check, approval, undo window, canary wave")
    count = import_people(store, place, "everyone", recipients, cast.admin, click.echo)
    mailout_id = compose_from(
        store,
        "everyone",
        cast.sender,
        "{{ first_name }}, the quarterly newsletter",
        "newsletter.txt",
        "newsletter.html",
    )
    click.echo(f"{cast.sender.email} composed mailout {mailout_id} and sends it, typing {count:,}:")
    delivery = DeliveryOptions.build(canary="100", waves="rest")
    request = SendRequest(cast.sender, confirm=count, delivery=delivery)
    outcome = send(store, settings, mailout_id, request, clock=app.clock)
    is_held = outcome.kind is SendOutcomeKind.HELD_FOR_APPROVAL
    held = "held for a second person's approval" if is_held else "allowed"
    check = store.latest_check(mailout_id)
    assert check is not None  # send() just ran or required it
    click.echo(f"  check: {check.verdict} (rule {check.deciding_rule}): {held}.")
    if is_held:
        click.echo(f"  {', '.join(outcome.approvers)} were asked to approve it.")
        decide(
            store,
            settings,
            mailout_id,
            cast.approver,
            approve=True,
            note="Routine newsletter, content reviewed",
            clock=app.clock,
        )
        click.echo(
            f"  {cast.approver.email} approved it (four eyes): scheduled with a "
            f"{settings.undo_window_seconds} s undo window (`mailbrake cancel` undoes it)."
        )
    with BackgroundWorker(store, settings, app.clock, mailout_id):
        pass  # the worker starts it when the window closes and stops after the canary wave
    paused = store.get_mailout(mailout_id)
    sent = store.delivery_counts(mailout_id)[DeliveryState.SENT]
    click.echo(f"  canary wave: {sent:,} sent, then {paused.state} ({paused.paused_reason}).")
    resume(store, settings, mailout_id, user=cast.sender, clock=app.clock)
    click.echo(f"  {cast.sender.email} looked at the canary copies and resumed it.")
    with BackgroundWorker(store, settings, app.clock, mailout_id):
        pass
    done = store.get_mailout(mailout_id)
    sent = store.delivery_counts(mailout_id)[DeliveryState.SENT]
    click.echo(f"  mailout {mailout_id} is {done.state}: {sent:,} sent.")


def mistake(
    app: AppContext, store: Store, settings: Settings, cast: Cast, place: DemoPlace
) -> None:
    section("2. The mistake the check catches: a salary sheet to everyone")
    sheet = write_salary_sheet(place.root / "q3_salary_review_v2.csv")
    mailout_id = compose_from(
        store,
        "everyone",
        cast.sender,
        "Q3 salary review",
        "salary_review.txt",
        attachments=(sheet,),
    )
    result = check_mailout(store, settings, mailout_id, clock=app.clock, actor=cast.sender.email)
    print_report(app.console, result)
    count = result.audience.size
    try:
        send(store, settings, mailout_id, SendRequest(cast.sender, confirm=count), clock=app.clock)
    except MailbrakeError as refused:
        click.secho(f"  send refused: {refused}", fg="red")


def emergency_stop(
    app: AppContext,
    store: Store,
    settings: Settings,
    cast: Cast,
    place: DemoPlace,
    arrivals: Arrivals,
) -> None:
    section("3. The emergency stop")
    import_people(store, place, "sales", 400, cast.admin, click.echo)
    mailout_id = compose_from(store, "sales", cast.sender, "New price list", "sales_update.txt")
    delivery = DeliveryOptions.build(rate=100.0)
    request = SendRequest(cast.sender, confirm=400, delivery=delivery)
    outcome = send(store, settings, mailout_id, request, clock=app.clock)
    if outcome.kind is SendOutcomeKind.HELD_FOR_APPROVAL:
        decide(
            store,
            settings,
            mailout_id,
            cast.approver,
            approve=True,
            note="price list is public",
            clock=app.clock,
        )
    click.echo(f"  mailout {mailout_id} to 400 people at 100 messages a second...")
    before = arrivals.count
    with BackgroundWorker(store, settings, app.clock, mailout_id):
        arrivals.wait_for(before + 120)
        click.echo(f"  {cast.admin.email} notices the wrong price list and presses stop...")
        report = stop_mailouts(store, [mailout_id], actor=cast.admin.email)
    (stopped,) = report.stopped
    counts = store.delivery_counts(mailout_id)
    click.echo(
        f"  stopped in {report.elapsed_ms:.0f} ms ({len(stopped.in_flight)} messages were "
        f"in flight): {counts[DeliveryState.SENT]:,} sent, {counts[DeliveryState.HALTED]:,} "
        f"halted; the sink received {arrivals.count - before:,}."
    )
    click.echo(f"  `mailbrake ledger {mailout_id}` says exactly who got it.")
    respond(app, store, settings, cast, place, mailout_id, report.ack_ms)


def respond(app: AppContext, store: Store, settings: Settings, cast: Cast, place: DemoPlace,
            mailout_id: int, brake_ms: float) -> None:  # fmt: skip
    section("4. The incident: a report for the manager, from the ledger and the audit trail")
    incident = open_after_stop(store, settings, mailout_id, cast.admin.email, routine=False,
                               clock=app.clock, brake_ms=brake_ms)  # fmt: skip
    if incident is None:
        return
    report = build_report(store, settings, incident.id)
    path = place.root / f"incident-{incident.id}.html"
    path.write_text(render_html(report), encoding="utf-8")
    click.echo(f"  incident {incident.id} opened; {cast.approver.email} (the sender's manager) "
               f"was e-mailed the report: {path}")  # fmt: skip
    click.echo(f"  next: `mailbrake incident followup {incident.id} --text sorry.txt` sends a "
               "correction to exactly those who got it.")  # fmt: skip


def next_steps(place: DemoPlace) -> None:
    env = f"MAILBRAKE_CONFIG={place.config} MAILBRAKE_USER=it@example.org"
    installed = Path(sys.executable).parent / "mailbrake"
    program = str(installed) if installed.exists() else "mailbrake"
    click.echo("\nWhat to try next (the demo's database and sink stay where they are):")
    for command in (
        "sink list --limit 5",
        "lists",
        "mailouts list",
        "status 3",
        "ledger 3 --state sent",
        "audit --mailout 3",
        "audit verify",
        "check 2",
        "incident report 1 --format md",
    ):
        click.echo(f"  {env} {program} {command}")
