"""Held gateway mail: store a submission as a gateway mailout, tell its sender, and the
IT review of what is waiting (release, return to sender, discard)."""

from __future__ import annotations

import email.policy
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesParser

from mailbrake.clock import Clock
from mailbrake.errors import MailbrakeError
from mailbrake.mime.tokens import TokenError, sign_token, verify_token
from mailbrake.models import (
    Attachment,
    GatewayDisposition,
    GatewayOriginal,
    GatewayRecord,
    MailoutContent,
    MailoutState,
    Verdict,
)
from mailbrake.people import User, require
from mailbrake.pipeline.analyse import Detects
from mailbrake.pipeline.approve import decide, request_approval
from mailbrake.pipeline.check import check_mailout
from mailbrake.pipeline.hold import schedule
from mailbrake.pipeline.intake import Assessment, Submission
from mailbrake.pipeline.notify import NOTIFY_FROM, build_notice, send_notices
from mailbrake.settings import Settings
from mailbrake.store import Store

WAITING = (MailoutState.CHECKED, MailoutState.AWAITING_APPROVAL, MailoutState.SCHEDULED)
CANCEL_PURPOSE = "held-cancel"


@dataclass(frozen=True, slots=True)
class Held:
    """A submission stored as a gateway mailout, and where it stands."""

    mailout_id: int
    verdict: Verdict
    rule: str
    state: MailoutState
    approvers: tuple[str, ...] = ()
    starts_at: datetime | None = None
    why: str = ""


def content_of(data: bytes, fallback_from: str) -> MailoutContent:
    """What the check, preview and approvers read of a held message: From, Subject, the
    text and HTML bodies and the attachments (delivery sends the original bytes)."""
    message = BytesParser(policy=email.policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    text = _body(message, "plain")
    html = _body(message, "html") or None
    attachments = tuple(
        Attachment(
            part.get_filename() or "attachment",
            part.get_content_type(),
            _payload(part),
        )
        for part in message.iter_attachments()
        if isinstance(part, EmailMessage)
    )
    return MailoutContent(
        from_addr=str(message.get("From", "")) or fallback_from,
        subject=str(message.get("Subject", "")),
        text=text,
        html=html,
        attachments=attachments,
    )


def _payload(part: EmailMessage) -> bytes:
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _body(message: EmailMessage, kind: str) -> str:
    try:
        part = message.get_body(preferencelist=(kind,))
        return str(part.get_content()) if part is not None else ""
    except Exception:  # a broken part is read by the check as unscannable, not here
        return ""


def hold_submission(
    store: Store,
    settings: Settings,
    submission: Submission,
    assessment: Assessment,
    sender: User,
    *,
    clock: Clock,
    scanner: Detects | None = None,
) -> Held:
    """Store the original (bytes and envelope) and run it down the campaign road: check,
    approval where needed, undo window. Returns once everything is committed."""
    record = GatewayRecord(
        received_at=submission.received_at,
        auth_user=sender.email,
        client=submission.client,
        mail_from=submission.mail_from,
        recipients=tuple(r.email for r in assessment.recipients),
        message_id=assessment.message_id,
        size=len(submission.data),
        verdict=assessment.verdict,
        rule=assessment.rule,
        disposition=GatewayDisposition.HELD,
    )
    original = GatewayOriginal(
        0, sender.email, submission.mail_from, submission.rcpt_tos, submission.data
    )
    content = content_of(submission.data, submission.mail_from)
    mailout_id = store.hold_gateway_message(record, content, original, assessment.recipients)
    check = check_mailout(
        store, settings, mailout_id, clock=clock, actor=sender.email, scanner=scanner
    )
    if check.verdict is Verdict.BLOCK:
        store.change_state(
            mailout_id,
            MailoutState.CANCELLED,
            actor=sender.email,
            reason=f"blocked by the policy ({check.deciding_rule})",
        )
        return Held(mailout_id, check.verdict, check.deciding_rule, MailoutState.CANCELLED)
    return _onward(
        store, settings, mailout_id, check.verdict, check.deciding_rule, assessment, sender, clock
    )


def _onward(
    store: Store,
    settings: Settings,
    mailout_id: int,
    verdict: Verdict,
    rule: str,
    assessment: Assessment,
    sender: User,
    clock: Clock,
) -> Held:
    """A clean bulk message waits out its undo window; anything with findings, or anything
    while the emergency switch is on, waits for a second person (a mail client cannot
    carry an override's justification)."""
    mailout = store.get_mailout(mailout_id)
    emergency = store.emergency()
    if verdict is Verdict.ALLOW and not emergency.on:
        scheduled = schedule(store, settings, mailout, sender.email, clock)
        return Held(
            mailout_id,
            verdict,
            rule,
            MailoutState.SCHEDULED,
            starts_at=scheduled.starts_at,
            why=assessment.reason,
        )
    why = assessment.reason
    if emergency.on:
        why = f"the emergency switch is on ({emergency.reason})"
    approvers = request_approval(store, settings, mailout, sender.email, f"gateway: {why}")
    return Held(
        mailout_id,
        verdict,
        rule,
        MailoutState.AWAITING_APPROVAL,
        approvers=tuple(u.email for u in approvers),
        why=why,
    )


def cancel_link(settings: Settings, secret: bytes, mailout_id: int) -> str:
    """A signed link that lets the sender cancel a held message without signing in."""
    token = sign_token(secret, CANCEL_PURPOSE, {"m": mailout_id})
    return f"{settings.public_url}/held/{token}"


def read_cancel_link(secret: bytes, token: str) -> int:
    """The mailout id a signed cancel link names (TokenError if forged or altered)."""
    mailout_id = verify_token(secret, CANCEL_PURPOSE, token).get("m")
    if not isinstance(mailout_id, int):
        raise TokenError(CANCEL_PURPOSE, "it does not name a mailout")
    return mailout_id


def cancel_by_sender(store: Store, mailout_id: int) -> bool:
    """The sender cancels their held message through the signed link; False when it is no
    longer waiting (already sent, started or cancelled)."""
    original = store.require_gateway_mailout(mailout_id)
    if store.get_mailout(mailout_id).state not in WAITING:
        return False
    store.change_state(mailout_id, MailoutState.CANCELLED, actor=original.sender,
                       reason="gateway: cancelled by the sender (signed link)")  # fmt: skip
    return True


def notice_to_sender(
    settings: Settings, secret: bytes, held: Held, assessment: Assessment, sender: str
) -> list[str]:
    """Tell the sender what happened to their message; returns addresses not reached."""
    lines = [
        "Your message was not sent yet: the mailbrake gateway is holding it.",
        "",
        f"Held as mailout {held.mailout_id} because {held.why or assessment.reason}.",
        f"Recipients: {assessment.facts.size:,} ({assessment.facts.external:,} external).",
        f"Check: {held.verdict} (rule: {held.rule}).",
    ]
    if assessment.findings:
        lines += ["", "What the check found (redacted):"]
        lines += [
            f"  - {f.category}: {f.kind} in {f.location}: {f.snippet}{f.score_note}"
            for f in assessment.findings[:20]
        ]
    if held.state is MailoutState.AWAITING_APPROVAL:
        asked = ", ".join(held.approvers) or "nobody (no approver could be found; ask IT)"
        lines += ["", f"It needs a second person's approval; asked: {asked}."]
    elif held.starts_at is not None:
        lines += ["", f"It goes out by itself at {held.starts_at:%Y-%m-%d %H:%M:%S} UTC."]
    lines += [
        "",
        "To cancel it:",
        f"  {cancel_link(settings, secret, held.mailout_id)}",
        f"  or: mailbrake cancel {held.mailout_id}",
    ]
    notice = build_notice(
        NOTIFY_FROM, sender, f"Held: your message (mailout {held.mailout_id})", "\n".join(lines)
    )
    return send_notices(settings, [notice])


def release(
    store: Store, settings: Settings, mailout_id: int, user: User, note: str, *, clock: Clock
) -> Held:
    """An approver releases a held gateway mailout: approve (four eyes) and schedule it."""
    require(user, "mailouts.approve")
    store.require_gateway_mailout(mailout_id)
    mailout = store.get_mailout(mailout_id)
    if mailout.state is MailoutState.AWAITING_APPROVAL:
        decide(store, settings, mailout_id, user, approve=True, note=note, clock=clock)
    elif mailout.state is MailoutState.CHECKED:
        if user.email == store.require_gateway_mailout(mailout_id).sender:
            raise MailbrakeError(
                f"{user.email} sent gateway mailout {mailout_id} and cannot release it.",
                hint="A second person must release it (four eyes).",
            )
        schedule(store, settings, mailout, user.email, clock)
    else:
        raise MailbrakeError(
            f"Gateway mailout {mailout_id} is {mailout.state}; there is nothing to release."
        )
    starts_at = store.scheduled_for(mailout_id)
    check = store.latest_check(mailout_id)
    verdict = check.verdict if check is not None else Verdict.HOLD
    rule = check.deciding_rule if check is not None else ""
    return Held(mailout_id, verdict, rule, MailoutState.SCHEDULED, starts_at=starts_at)


def dismiss(
    store: Store,
    settings: Settings,
    mailout_id: int,
    user: User,
    note: str,
    *,
    tell_sender: bool,
) -> None:
    """Return a held message to its sender with a note, or discard it; both cancel it."""
    require(user, "mailouts.approve")
    original = store.require_gateway_mailout(mailout_id)
    mailout = store.get_mailout(mailout_id)
    if mailout.state not in WAITING:
        raise MailbrakeError(f"Gateway mailout {mailout_id} is {mailout.state}; it is not held.")
    if not note.strip():
        raise MailbrakeError("Say why in --note; it is kept in the audit trail.")
    action = "returned to sender" if tell_sender else "discarded"
    store.change_state(
        mailout_id, MailoutState.CANCELLED, actor=user.email, reason=f"gateway: {action}: {note}"
    )
    if tell_sender:
        body = (
            f"{user.email} returned your held message (mailout {mailout_id}, "
            f'"{mailout.content.subject}") without sending it:\n\n{note}\n'
        )
        send_notices(
            settings,
            [build_notice(NOTIFY_FROM, original.sender, f"Returned: mailout {mailout_id}", body)],
        )
