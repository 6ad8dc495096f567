"""How it happened: the audit trail of a mailout and its incident, plus the ledger's faults,
told as one timeline in plain sentences (every free text redacted)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mailbrake.audit import AuditEvent
from mailbrake.pipeline.report.ledger import LedgerFacts
from mailbrake.pipeline.report.redact import redact_text
from mailbrake.store import Store
from mailbrake.store.incidents import Incident

STOPPED = ("halted", "cancelled")


@dataclass(frozen=True, slots=True)
class Step:
    at: datetime | None
    actor: str
    action: str
    text: str
    kind: str  # "person", "system" or "fault"


def _d(event: AuditEvent, key: str) -> str:
    return redact_text(str(event.details.get(key, "") or ""))


def _created(e: AuditEvent) -> str:
    files = e.details.get("attachments") or []
    attached = f", attachments: {redact_text(', '.join(map(str, files)))}" if files else ""
    return (
        f"Created for list #{e.details.get('list_id')} with subject '{_d(e, 'subject')}'{attached}."
    )


def _state(e: AuditEvent) -> str:
    reason = _d(e, "reason")
    return f"State {_d(e, 'from')} -> {_d(e, 'to')}" + (f": {reason}." if reason else ".")


def _confirmed(e: AuditEvent) -> str:
    d = e.details
    return (
        f"Confirmed the send to {d.get('audience')} recipients ({d.get('external')} external); "
        f"check verdict {d.get('verdict')} (rule {d.get('rule')}), exposure {d.get('exposure')}."
    )


def _override(e: AuditEvent) -> str:
    return (
        f"Overrode the {_d(e, 'verdict')} warning (rule {_d(e, 'rule')}): "
        f"'{_d(e, 'justification')}'."
    )


def _requested(e: AuditEvent) -> str:
    asked = ", ".join(map(str, e.details.get("approvers") or [])) or "nobody (no approver found)"
    return f"Asked for approval ({_d(e, 'why')}); asked {asked}."


def _opened(e: AuditEvent) -> str:
    how = "automatically after the stop" if e.details.get("automatic") else "by hand"
    return f"Incident opened {how}: {_d(e, 'summary')}"


def _notified(e: AuditEvent) -> str:
    failed = e.details.get("failed") or []
    told = ", ".join(map(str, e.details.get("to") or [])) or "nobody"
    return f"Notice sent to {told}" + (f"; could not reach {', '.join(failed)}." if failed else ".")


def _checked(e: AuditEvent) -> str:
    return (
        f"Checked: verdict {_d(e, 'verdict')} (rule {_d(e, 'rule')}), "
        f"{e.details.get('findings', 0)} finding(s)."
    )


SENTENCES: dict[str, Callable[[AuditEvent], str]] = {
    "mailout.created": _created,
    "mailout.checked": _checked,
    "mailout.edited": lambda e: f"Content edited (subject '{_d(e, 'subject')}'); back to draft.",
    "mailout.state": _state,
    "mailout.confirmed": _confirmed,
    "mailout.override": _override,
    "mailout.test_send": lambda e: f"Test copy sent to {_d(e, 'to')}.",
    "approval.requested": _requested,
    "approval.granted": lambda e: f"Approved: '{_d(e, 'note')}'.",
    "approval.rejected": lambda e: f"Rejected: '{_d(e, 'note')}'.",
    "incident.opened": _opened,
    "incident.notified": _notified,
    "incident.correction": lambda e: f"Correction prepared as mailout {e.details.get('mailout')}.",
    "incident.closed": lambda e: f"Incident closed: {_d(e, 'note')}",
}


def describe(event: AuditEvent) -> str:
    sentence = SENTENCES.get(event.action)
    if sentence is not None:
        return sentence(event)
    details = "; ".join(f"{k}: {redact_text(str(v))}" for k, v in sorted(event.details.items()))
    return f"{event.action} ({details})" if details else event.action


def timeline(store: Store, incident: Incident, ledger: LedgerFacts) -> list[Step]:
    """The mailout's events, the incident's (confirmations counted, not listed) and faults."""
    mailout = store.get_mailout(incident.mailout_id)
    steps = [_step(e) for e in store.iter_events("mailout", mailout.id)]
    # Which list was picked is the first question: name it, not just its number.
    picked = f"list #{mailout.list_id} "
    named = f"list '{redact_text(mailout.list_name)}' (#{mailout.list_id}) "
    steps = [
        Step(s.at, s.actor, s.action, s.text.replace(picked, named, 1), s.kind)
        if s.action == "mailout.created"
        else s
        for s in steps
    ]
    steps += [
        _step(e)
        for e in store.iter_events("incident", incident.id)
        if e.action != "incident.confirmed"
    ]
    steps += [_fault_step(f) for f in ledger.faults.values()]
    far = datetime.max.replace(tzinfo=incident.opened_at.tzinfo)
    return sorted(steps, key=lambda s: s.at or far)


def _step(event: AuditEvent) -> Step:
    kind = "system" if event.actor == "system" or event.actor.startswith("worker") else "person"
    if event.action == "mailout.state" and _is_fault_reason(str(event.details.get("reason", ""))):
        kind = "fault"
    return Step(event.at, event.actor, event.action, describe(event), kind)


def _is_fault_reason(reason: str) -> bool:
    words = ("relay", "unreachable", "failed", "uncertain", "cannot build", "error")
    return any(w in reason.lower() for w in words)


def _fault_step(fault: Any) -> Step:
    if fault.state == "uncertain":
        who = f"worker {fault.worker}" if fault.worker else "a worker"
        text = (
            f"{fault.count} message(s) uncertain: {who} handed them to the relay and no reply "
            "was recorded (crash, lost connection or expired lease)."
        )
    else:
        code = fault.code if fault.code is not None else "no code"
        text = f"{fault.count} message(s) {fault.state}: relay replied {code} '{fault.reply}'."
    return Step(fault.first_at, "system", f"ledger.{fault.state}", text, "fault")


def stop_event(store: Store, mailout_id: int) -> AuditEvent | None:
    """The audited stop of a mailout (its change to halted or cancelled), if any."""
    found = None
    for event in store.iter_events("mailout", mailout_id):
        if event.action == "mailout.state" and event.details.get("to") in STOPPED:
            found = event
    return found


def marks(store: Store, mailout_id: int) -> list[dict[str, Any]]:
    """Pauses, resumes and the stop, to mark on the delivery-over-time chart."""
    out: list[dict[str, Any]] = []
    for event in store.iter_events("mailout", mailout_id):
        if event.action != "mailout.state":
            continue
        wanted = event.details.get("to")
        before = event.details.get("from")
        if wanted == "paused":
            reason = redact_text(str(event.details.get("reason", "")))
            kind = "canary" if "canary" in reason else "pause"
            out.append({"at": event.at, "kind": kind, "label": reason or "paused"})
        elif wanted == "sending" and before == "paused":
            out.append({"at": event.at, "kind": "resume", "label": f"resumed by {event.actor}"})
        elif wanted in STOPPED:
            out.append({"at": event.at, "kind": "stop", "label": f"stopped by {event.actor}"})
    return out
