"""The incident report: what was sent, to whom, when, what was done, and how it happened.

Every fact comes from the store (the mailout, its check, the ledger, the audit trail), never
from memory; every text taken from the mailout is redacted (see report_redact).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from mailbrake.models import DeliveryState as D
from mailbrake.models import Mailout
from mailbrake.pipeline.report.ledger import LedgerFacts, read_ledger
from mailbrake.pipeline.report.redact import excerpt, mask_address, redact_text
from mailbrake.pipeline.report.timeline import Step, marks, stop_event, timeline
from mailbrake.settings import Settings
from mailbrake.store import Store
from mailbrake.store.incidents import Incident

CONFIRMED_SHOWN = 200
NOT_RECEIVED = (D.HALTED, D.FAILED, D.QUEUED, D.DEFERRED, D.CLAIMED)


@dataclass(frozen=True, slots=True)
class WhatSent:
    subject: str
    sender: str
    created_by: str
    list_name: str
    excerpt: str
    attachments: list[dict[str, Any]]
    verdict: str
    deciding_rule: str
    checked_at: datetime | None
    findings: list[dict[str, Any]]
    overrides: list[dict[str, Any]]
    approvals: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class ToWhom:
    total: int
    counts: dict[str, int]
    received: int  # sent: the relay accepted it
    maybe: int  # uncertain
    not_received: dict[str, int]
    external: int  # of those who received or may have
    external_by_domain: dict[str, int]
    named: list[str]  # recipients named in the content, masked
    named_received: int
    resent: list[str] = field(default_factory=list)  # masked: resent after uncertain, maybe twice


@dataclass(frozen=True, slots=True)
class When:
    started_at: datetime | None
    first_delivery: datetime | None
    last_delivery: datetime | None
    stopped_at: datetime | None
    finished_at: datetime | None
    chart: dict[str, Any]


@dataclass(frozen=True, slots=True)
class WhatDone:
    stopped_by: str
    stopped_at: datetime | None
    brake_ms: float | None  # until every worker had its brake on (when the stop recorded it)
    settled_after_s: float | None  # the last message settled this long after the stop (< 0: before)
    notices: list[dict[str, Any]]
    correction: dict[str, Any] | None
    confirmations: int
    confirmable: int  # recipients who got (or may have got) the original
    confirmed: list[dict[str, Any]]  # the first CONFIRMED_SHOWN, addresses masked


@dataclass(frozen=True, slots=True)
class IncidentReport:
    incident: dict[str, Any]
    what: WhatSent
    to_whom: ToWhom
    when: When
    done: WhatDone
    how: list[Step] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = _jsonable(asdict(self))
        return data


def build_report(store: Store, settings: Settings, incident_id: int) -> IncidentReport:
    """Gather the report of one incident (open or closed) from the store."""
    incident = store.get_incident(incident_id)
    mailout = store.get_mailout(incident.mailout_id)
    ledger = read_ledger(store, mailout.id, settings.internal_domains)
    steps = timeline(store, incident, ledger)
    return IncidentReport(
        incident=_incident_facts(incident, mailout),
        what=_what(store, mailout),
        to_whom=_to_whom(store, mailout, ledger),
        when=_when(store, mailout, ledger),
        done=_done(store, incident, ledger),
        how=steps,
    )


def _incident_facts(incident: Incident, mailout: Mailout) -> dict[str, Any]:
    return {
        "id": incident.id,
        "state": incident.state,
        "summary": redact_text(incident.summary),
        "mailout": mailout.id,
        "mailout_state": str(mailout.state),
        "opened_by": incident.opened_by,
        "opened_at": incident.opened_at,
        "automatic": incident.automatic,
        "closed_by": incident.closed_by,
        "closed_at": incident.closed_at,
        "close_note": redact_text(incident.close_note),
    }


def _what(store: Store, mailout: Mailout) -> WhatSent:
    check = store.latest_check(mailout.id)
    content = mailout.content
    files = [
        {
            "name": redact_text(a.filename),
            "type": a.content_type,
            "size": len(a.data),
            "sha256": hashlib.sha256(a.data).hexdigest(),
        }
        for a in content.attachments
    ]
    findings = [
        {**f.as_dict(), "snippet": redact_text(f.snippet)}
        for f in (check.findings if check else ())
    ]
    overrides = [
        {
            "by": o.by,
            "at": o.at,
            "verdict": o.verdict,
            "justification": redact_text(o.justification),
        }
        for o in store.overrides_for(mailout.id)
    ]
    approvals = [
        {"by": a.approver, "at": a.decided_at, "decision": a.decision, "note": redact_text(a.note)}
        for a in store.decisions_for(mailout.id)
    ]
    return WhatSent(
        subject=redact_text(content.subject),
        sender=content.from_addr,
        created_by=mailout.created_by,
        list_name=mailout.list_name,
        excerpt=excerpt(content.text),
        attachments=files,
        verdict=str(check.verdict) if check else "not checked",
        deciding_rule=check.deciding_rule if check else "",
        checked_at=check.checked_at if check else None,
        findings=findings,
        overrides=overrides,
        approvals=approvals,
    )


def _to_whom(store: Store, mailout: Mailout, ledger: LedgerFacts) -> ToWhom:
    counts = store.delivery_counts(mailout.id)
    check = store.latest_check(mailout.id)
    named = list(check.audience.named_recipients) if check else []
    return ToWhom(
        total=sum(counts.values()),
        counts={str(s): n for s, n in counts.items()},
        received=counts[D.SENT],
        maybe=counts[D.UNCERTAIN],
        not_received={str(s): counts[s] for s in NOT_RECEIVED if counts[s]},
        external=sum(ledger.external_by_domain.values()),
        external_by_domain=dict(sorted(ledger.external_by_domain.items(), key=lambda i: -i[1])),
        named=[mask_address(e) for e in named],
        named_received=sum(1 for e in named if _reached(store, mailout.id, e)),
        resent=[mask_address(e.email) for e in store.iter_ledger(mailout.id, resent=True)],
    )


def _reached(store: Store, mailout_id: int, email: str) -> bool:
    entry = store.find_delivery(mailout_id, email)
    return entry is not None and entry.state in (D.SENT, D.UNCERTAIN)


def _when(store: Store, mailout: Mailout, ledger: LedgerFacts) -> When:
    started, finished = store.mailout_times(mailout.id)
    return When(
        started_at=started,
        first_delivery=ledger.first_sent,
        last_delivery=ledger.last_sent,
        stopped_at=store.stopped_at(mailout.id),
        finished_at=finished,
        chart={**ledger.chart(), "marks": marks(store, mailout.id)},
    )


def _done(store: Store, incident: Incident, ledger: LedgerFacts) -> WhatDone:
    stop = stop_event(store, incident.mailout_id)
    stopped_at = store.stopped_at(incident.mailout_id) or (stop.at if stop else None)
    notices = [
        {"at": e.at, "by": e.actor, "to": e.details.get("to", []),
         "failed": e.details.get("failed", [])}
        for e in store.iter_events("incident", incident.id)
        if e.action == "incident.notified"
    ]  # fmt: skip
    settled = None
    if stopped_at is not None and ledger.last_settled is not None:
        settled = (ledger.last_settled - stopped_at).total_seconds()
    confirmations = len(store.confirmations(incident.id))
    return WhatDone(
        stopped_by=stop.actor if stop else "",
        stopped_at=stopped_at,
        brake_ms=incident.brake_ms,
        settled_after_s=settled,
        notices=notices,
        correction=_correction(store, incident),
        confirmations=confirmations,
        confirmable=ledger.reached,
        confirmed=[
            {"recipient": mask_address(email), "at": at}
            for email, at in store.confirmed_recipients(incident.id, CONFIRMED_SHOWN)
        ],
    )


def _correction(store: Store, incident: Incident) -> dict[str, Any] | None:
    if incident.correction_mailout_id is None:
        return None
    fix = store.get_mailout(incident.correction_mailout_id)
    counts = store.delivery_counts(fix.id)
    return {
        "mailout": fix.id,
        "state": str(fix.state),
        "subject": redact_text(fix.content.subject),
        "counts": {str(s): n for s, n in counts.items() if n},
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
