"""`mailbrake incident open|list|report|notify|followup|close`: when it went out anyway."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.errors import InputError, InputProblem, MailbrakeError
from mailbrake.pipeline.compose import read_text
from mailbrake.pipeline.followup import create_followup
from mailbrake.pipeline.incident import close_incident, notify_incident, open_incident
from mailbrake.pipeline.report.facts import build_report
from mailbrake.pipeline.report.html import render_html
from mailbrake.pipeline.report.md import render_markdown
from mailbrake.pipeline.report.recipients import write_recipients
from mailbrake.visible import visible, visible_lines


@click.group("incident")
def incident() -> None:
    """Incidents: report what went out, tell the manager, send a correction, close."""


@incident.command("open")
@click.argument("mailout_id", type=int)
@click.option("--summary", required=True, help="What went wrong, in a sentence.")
@click.option(
    "--notify/--no-notify",
    default=True,
    show_default=True,
    help="Tell the sender's manager and the security contact at once.",
)
@pass_app
def open_(app: AppContext, mailout_id: int, summary: str, notify: bool) -> None:
    """Open an incident about MAILOUT_ID."""
    user = app.current_user("incidents.manage")
    opened = open_incident(
        app.store, app.settings, mailout_id, user.email, summary, clock=app.clock, notify=notify
    )
    click.echo(f"Incident {opened.id} opened for mailout {mailout_id}.")
    _say_notified(app, opened.id)
    click.echo(f"Report: `mailbrake incident report {opened.id} --format html --output FILE`.")


@incident.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_app
def list_(app: AppContext, fmt: str) -> None:
    """The most recent incidents."""
    app.current_user("incidents.read")
    found = app.store.list_incidents()
    if fmt == "json":
        rows = [
            {
                "id": i.id,
                "mailout": i.mailout_id,
                "state": i.state,
                "opened_by": i.opened_by,
                "opened_at": i.opened_at,
            }
            for i in found
        ]
        echo_json(rows)
        return
    for i in found:
        click.echo(
            f"{i.id:>5}  {i.state:<6}  mailout {i.mailout_id:<6}  "
            + visible(f"{i.opened_at:%Y-%m-%d %H:%M}  {i.opened_by}")
        )
    if not found:
        click.echo("No incidents.")


@incident.command("report")
@click.argument("incident_id", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["html", "md", "json"]), default="md", show_default=True
)
@click.option("--output", type=click.Path(path_type=Path), help="Write here, not to stdout.")
@click.option(
    "--recipients",
    type=click.Path(path_type=Path),
    help="Also write every recipient as CSV ('-': stdout).",
)
@pass_app
def report(
    app: AppContext, incident_id: int, fmt: str, output: Path | None, recipients: Path | None
) -> None:
    """What was sent, to whom, when, what was done and how it happened (redacted)."""
    app.current_user("incidents.read")
    built = build_report(app.store, app.settings, incident_id)
    if fmt == "json":
        text = json.dumps(built.as_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_html(built) if fmt == "html" else render_markdown(built)
    if recipients is not None:
        _write_csv(app, incident_id, recipients)
    if output is None:
        if recipients is None or str(recipients) != "-":
            click.echo(visible_lines(text) if fmt == "md" else text, nl=False)
        return
    _write(output, text)
    click.echo(f"Incident {incident_id} report written to {output}.", err=True)


def _write_csv(app: AppContext, incident_id: int, target: Path) -> None:
    found = app.store.get_incident(incident_id)
    if str(target) == "-":
        write_recipients(app.store, app.settings, found, sys.stdout)
        return
    try:
        with target.open("w", encoding="utf-8", newline="") as out:
            count = write_recipients(app.store, app.settings, found, out)
    except OSError as exc:
        raise InputError([InputProblem("--recipients", f"{target}: {exc.strerror}")]) from None
    click.echo(f"{count:,} recipients written to {target}.", err=True)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError([InputProblem("--output", f"{path}: {exc.strerror}")]) from None


@incident.command("notify")
@click.argument("incident_id", type=int)
@pass_app
def notify(app: AppContext, incident_id: int) -> None:
    """E-mail the sender's manager and the security contact, with the report attached."""
    user = app.current_user("incidents.manage")
    done = notify_incident(app.store, app.settings, incident_id, user.email, clock=app.clock)
    click.echo(f"Told {', '.join(done.told)} about incident {incident_id}.")
    if done.failed:
        raise MailbrakeError(
            f"The notice could not be delivered to {', '.join(done.failed)}.",
            hint=f"Check smtp_url, then run `mailbrake incident notify {incident_id}` again.",
        )


@incident.command("followup")
@click.argument("incident_id", type=int)
@click.option(
    "--text",
    "text_file",
    required=True,
    type=click.Path(path_type=Path),
    help="The correction's text (UTF-8); {{ confirm_url }} places the link.",
)
@click.option("--subject", help="Default: 'Please delete our message of DATE'.")
@click.option(
    "--exclude-uncertain",
    is_flag=True,
    help="Only recipients the relay accepted, not those who may have it.",
)
@click.option("--override", help="Why to send despite the check's warnings (audited).")
@pass_app
def followup(
    app: AppContext,
    incident_id: int,
    text_file: Path,
    subject: str | None,
    exclude_uncertain: bool,
    override: str | None,
) -> None:
    """Send a correction to exactly those who got the original, with an "I have deleted
    it" link each; it is checked, approved and held like any other mailout."""
    user = app.current_user("incidents.manage")
    text = read_text(text_file, "--text")
    before = app.store.get_incident(incident_id).correction_mailout_id
    try:
        done = create_followup(
            app.store,
            app.settings,
            incident_id,
            text,
            user=user,
            clock=app.clock,
            subject=subject,
            include_uncertain=not exclude_uncertain,
            override=override,
        )
    except MailbrakeError as exc:
        created = app.store.get_incident(incident_id).correction_mailout_id
        if before is not None or created is None:
            raise
        raise MailbrakeError(
            f"Correction mailout {created} was created but not sent: {exc}",
            hint=f"Continue it like any mailout: `mailbrake send {created} ...`.",
        ) from None
    click.echo(f"Correction mailout {done.mailout_id}: {done.recipients:,} recipients.")
    prepared = done.prepared
    if prepared.scheduled is None:
        asked = ", ".join(prepared.approvers) or "an approver"
        click.echo(f"It needs approval ({prepared.held_because}); asked {asked}.")
        return
    click.echo(
        f"Scheduled to start at {prepared.scheduled.starts_at:%H:%M:%S} UTC; `mailbrake worker` "
        f"delivers it (`mailbrake cancel {done.mailout_id}` stops it until then)."
    )


@incident.command("close")
@click.argument("incident_id", type=int)
@click.option("--note", required=True, help="The outcome: what was done, what was learnt.")
@pass_app
def close(app: AppContext, incident_id: int, note: str) -> None:
    """Close an incident; it is read-only afterwards."""
    user = app.current_user("incidents.close")
    close_incident(app.store, incident_id, user.email, note)
    click.echo(f"Incident {incident_id} closed.")


def _say_notified(app: AppContext, incident_id: int) -> None:
    for event in app.store.iter_events("incident", incident_id):
        if event.action != "incident.notified":
            continue
        told = ", ".join(event.details.get("to") or [])
        failed = event.details.get("failed") or []
        click.echo(f"Told {told}." + (f" Could not reach {', '.join(failed)}." if failed else ""))
