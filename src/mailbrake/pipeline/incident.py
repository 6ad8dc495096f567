"""Incidents: open one when a mailout went out anyway, tell the manager, close it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mailbrake.clock import Clock
from mailbrake.errors import InputError, InputProblem, MailbrakeError, NotFoundError
from mailbrake.models import Attachment, Envelope
from mailbrake.models import DeliveryState as D
from mailbrake.pipeline.notify import NOTIFY_FROM, build_notice, send_notices
from mailbrake.pipeline.report.facts import build_report
from mailbrake.pipeline.report.html import render_html
from mailbrake.pipeline.report.md import notice_text
from mailbrake.pipeline.report.redact import redact_text
from mailbrake.settings import Settings
from mailbrake.store import Store
from mailbrake.store.incidents import ClosedIncidentError, Incident

MAX_SUMMARY = 2_000


@dataclass(frozen=True, slots=True)
class Notified:
    incident_id: int
    told: list[str]
    failed: list[str]  # addresses the transport could not reach


def open_incident(
    store: Store,
    settings: Settings,
    mailout_id: int,
    actor: str,
    summary: str,
    *,
    clock: Clock,
    notify: bool = True,
    automatic: bool = False,
    brake_ms: float | None = None,
) -> Incident:
    """Open an incident about a mailout; with `notify`, tell the manager and security contact
    at once when there is anyone to tell (a failed notice never undoes the opening)."""
    text = summary.strip()
    if not text:
        raise InputError([InputProblem("--summary", "say in a sentence what went wrong")])
    if len(text) > MAX_SUMMARY:
        raise InputError([InputProblem("--summary", f"at most {MAX_SUMMARY} characters")])
    store.get_mailout(mailout_id)  # NotFoundError names the mailout
    incident = store.open_incident(
        mailout_id, summary=text, actor=actor, automatic=automatic, brake_ms=brake_ms
    )
    if notify and notice_recipients(store, settings, incident):
        notify_incident(store, settings, incident.id, actor, clock=clock)
    return store.get_incident(incident.id)


def open_after_stop(
    store: Store,
    settings: Settings,
    mailout_id: int,
    actor: str,
    *,
    routine: bool,
    clock: Clock,
    brake_ms: float | None = None,
) -> Incident | None:
    """After `mailbrake stop`: open an incident unless the stop was routine, nothing had
    left yet, or one is open already for this mailout."""
    if routine:
        return None
    counts = store.delivery_counts(mailout_id)
    left = counts[D.SENT] + counts[D.UNCERTAIN]
    if left == 0 or store.open_incident_for(mailout_id) is not None:
        return None
    subject = redact_text(store.get_mailout(mailout_id).content.subject)
    summary = (
        f"Mailout {mailout_id} ('{subject}') was stopped after {counts[D.SENT]:,} message(s) "
        f"had left ({counts[D.UNCERTAIN]:,} more uncertain)."
    )
    return open_incident(
        store, settings, mailout_id, actor, summary,
        clock=clock, automatic=True, brake_ms=brake_ms,
    )  # fmt: skip


def close_incident(store: Store, incident_id: int, actor: str, note: str) -> Incident:
    """Record the outcome; the incident is read-only from then on."""
    text = note.strip()
    if not text:
        raise InputError([InputProblem("--note", "say how the incident ended")])
    return store.close_incident(incident_id, note=text, actor=actor)


def notice_recipients(store: Store, settings: Settings, incident: Incident) -> list[str]:
    """The sender's manager and the security contact (either may be missing)."""
    wanted: list[str] = []
    creator = store.get_mailout(incident.mailout_id).created_by
    if creator:
        try:
            manager = store.get_user(creator).manager
        except NotFoundError:
            manager = ""  # the mailout came from outside (gateway, script): no manager known
        if manager:
            wanted.append(manager)
    contact = settings.security_contact.strip()
    if contact and contact.lower() not in (w.lower() for w in wanted):
        wanted.append(contact)
    return wanted


def notify_incident(
    store: Store, settings: Settings, incident_id: int, actor: str, *, clock: Clock
) -> Notified:
    """E-mail the four answers with the HTML report attached; audited with who was reached."""
    incident = store.get_incident(incident_id)
    if not incident.is_open:
        raise ClosedIncidentError(incident_id)
    told = notice_recipients(store, settings, incident)
    if not told:
        raise MailbrakeError(
            f"Nobody to notify about incident {incident_id}: the sender has no manager and "
            "no security_contact is set.",
            hint="Set MAILBRAKE_SECURITY_CONTACT, or give the sender a manager "
            "(`mailbrake users add ... --manager`).",
        )
    failed = send_notices(settings, _envelopes(store, settings, incident, told, clock))
    store.record_incident_action(
        incident_id, actor, "incident.notified", {"to": told, "failed": failed}
    )
    return Notified(incident_id, told, failed)


def _envelopes(
    store: Store, settings: Settings, incident: Incident, told: Sequence[str], clock: Clock
) -> list[Envelope]:
    report = build_report(store, settings, incident.id)
    page = render_html(report).encode("utf-8")
    name = f"incident-{incident.id}-{clock.now():%Y%m%d-%H%M}.html"
    attached = [Attachment(name, "text/html", page)]
    state = report.incident["mailout_state"]
    subject = f"Incident {incident.id}: mailout {incident.mailout_id} went out ({state})"
    body = notice_text(report)
    return [build_notice(NOTIFY_FROM, to, subject, body, attached) for to in told]
