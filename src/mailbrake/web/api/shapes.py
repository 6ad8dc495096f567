"""Domain values to API bodies, in the same shapes as the CLI's `--format json`."""

from __future__ import annotations

from datetime import datetime

from mailbrake.models import CheckResult, DeliveryState, Mailout
from mailbrake.pipeline.halt import HaltResult
from mailbrake.pipeline.prepare import Prepared
from mailbrake.pipeline.send import SendOutcome
from mailbrake.store.incidents import Incident
from mailbrake.web.api import schemas as s


def iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def mailout_out(m: Mailout) -> s.MailoutOut:
    return s.MailoutOut(
        id=m.id, state=str(m.state), list_name=m.list_name, from_=m.content.from_addr,
        subject=m.content.subject, has_html=m.content.html is not None,
        attachments=[
            s.AttachmentOut(name=a.filename, type=a.content_type, bytes=len(a.data))
            for a in m.content.attachments
        ],
        paused_reason=m.paused_reason, created_at=m.created_at.isoformat(),
    )  # fmt: skip


def check_out(result: CheckResult) -> s.CheckOut:
    return s.CheckOut.model_validate(result.as_json())


def send_out(outcome: SendOutcome) -> s.SendOut:
    return s.SendOut(
        mailout=outcome.mailout_id, outcome=str(outcome.kind), message=outcome.message,
        starts_at=iso(outcome.starts_at), approvers=list(outcome.approvers),
        held_because=outcome.held_because, total=outcome.total, waves=outcome.waves,
    )  # fmt: skip


def prepared_out(prepared: Prepared) -> s.SendOut:
    """A correction is prepared by the followup stage: held, or scheduled in its window."""
    scheduled = prepared.scheduled
    if scheduled is None:
        message = f"Mailout {prepared.mailout.id} needs approval ({prepared.held_because})."
    else:
        message = f"Mailout {prepared.mailout.id} starts at {scheduled.starts_at:%H:%M:%S} UTC."
    return s.SendOut(
        mailout=prepared.mailout.id,
        outcome="held_for_approval" if scheduled is None else "scheduled",
        message=message, starts_at=iso(scheduled.starts_at) if scheduled else None,
        approvers=list(prepared.approvers), held_because=prepared.held_because,
        total=prepared.audience, waves=None,
    )  # fmt: skip


def stop_out(result: HaltResult) -> s.StopOut:
    report = result.report

    def outcome(mailout_id: int) -> dict[str, int]:
        found: dict[DeliveryState, int] = result.in_flight_outcome.get(mailout_id, {})
        return {str(k): v for k, v in found.items()}

    return s.StopOut(
        ack_ms=round(report.ack_ms, 1),
        elapsed_ms=round(report.elapsed_ms, 1),
        unacknowledged=list(report.unacknowledged),
        already_final=[s.FinalOut(mailout=i, state=str(st)) for i, st in report.already_final],
        stopped=[
            s.StoppedOut(
                mailout=m.mailout_id,
                from_=str(m.before),
                to=str(m.after),
                sent=m.sent,
                in_flight=len(m.in_flight),
                halted=m.halted,
                in_flight_outcome=outcome(m.mailout_id),
            )
            for m in report.stopped
        ],
        incidents=list(result.incidents),
    )


def incident_out(i: Incident) -> s.IncidentOut:
    return s.IncidentOut(
        id=i.id, mailout=i.mailout_id, state=i.state, summary=i.summary,
        opened_by=i.opened_by, opened_at=i.opened_at.isoformat(),
        correction_mailout=i.correction_mailout_id, closed_at=iso(i.closed_at),
    )  # fmt: skip
