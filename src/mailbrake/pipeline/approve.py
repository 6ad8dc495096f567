"""Approve: a second person vouches for a held mailout, bound to what they actually saw."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from mailbrake.clock import Clock
from mailbrake.errors import InputError, InputProblem, MailbrakeError
from mailbrake.models import ApprovalDecision, CheckResult, Mailout, MailoutState
from mailbrake.people import Role, User, require
from mailbrake.pipeline.check import staleness
from mailbrake.pipeline.hold import schedule
from mailbrake.pipeline.notify import NOTIFY_FROM, build_notice, send_notices
from mailbrake.settings import Settings
from mailbrake.store import Store
from mailbrake.store.approvals import Approval

APPROVERS = frozenset({Role.APPROVER, Role.ADMIN})


class ApprovalError(MailbrakeError):
    """An approval that cannot be given or does not (or no longer) count."""


@dataclass(frozen=True, slots=True)
class ApprovalState:
    approval: Approval | None
    reason: str  # why there is no valid approval ("" when there is one)


def snapshot_of(check: CheckResult) -> str:
    """One hash of the content, the resolved audience and the check's result."""
    digest = hashlib.sha256()
    for part in (
        check.content_hash,
        check.audience_hash,
        str(check.verdict),
        repr(sorted(repr(f.as_dict()) for f in check.findings)),
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def current_snapshot(store: Store, mailout: Mailout) -> str:
    """The snapshot of the newest check, if that check still describes the mailout."""
    fresh = staleness(store, mailout)
    check = store.latest_check(mailout.id)
    if not fresh.is_current or check is None:
        raise ApprovalError(
            f"Mailout {mailout.id} cannot be approved: {fresh.reason}.",
            hint=f"Run `mailbrake check {mailout.id}` and have it approved again.",
        )
    return snapshot_of(check)


def valid_approval(store: Store, mailout: Mailout, clock: Clock) -> ApprovalState:
    """The approval that counts now: newest decision, approve, same snapshot, not expired."""
    decisions = store.decisions_for(mailout.id)
    if not decisions:
        return ApprovalState(None, "nobody has approved it")
    newest = decisions[-1]
    if newest.decision is not ApprovalDecision.APPROVED:
        return ApprovalState(None, f"{newest.approver} rejected it: {newest.note}")
    if newest.expires_at <= clock.now():
        return ApprovalState(None, f"the approval by {newest.approver} expired")
    check = store.latest_check(mailout.id)
    fresh = staleness(store, mailout)
    if check is None or not fresh.is_current or snapshot_of(check) != newest.snapshot:
        why = fresh.reason or "the check changed"
        return ApprovalState(None, f"{why} after {newest.approver} approved it")
    return ApprovalState(newest, "")


def find_approvers(store: Store, mailout: Mailout) -> list[User]:
    """Who may approve: active approvers and admins other than the sender."""
    sender = mailout.created_by.lower()
    return [
        u
        for u in store.list_users()
        if u.role in APPROVERS and not u.disabled and u.email != sender
    ]


def decide(
    store: Store,
    settings: Settings,
    mailout_id: int,
    user: User,
    *,
    approve: bool,
    note: str,
    clock: Clock,
) -> Approval:
    """Record an approval or a rejection by `user` (never the sender: four eyes)."""
    require(user, "mailouts.approve")
    mailout = store.get_mailout(mailout_id)
    if user.email == mailout.created_by.lower():
        raise ApprovalError(
            f"{user.email} created mailout {mailout_id} and cannot approve it, even as admin.",
            hint="A second person must approve it (four eyes).",
        )
    if mailout.state is not MailoutState.AWAITING_APPROVAL:
        raise ApprovalError(f"Mailout {mailout_id} is {mailout.state}, not awaiting approval.")
    if not note.strip():
        problem = InputProblem("note", "say why; it is kept in the audit trail")
        raise InputError([problem], hint="An empty note is not a reason.")
    now = clock.now()
    decision = Approval(
        id=0,
        mailout_id=mailout_id,
        approver=user.email,
        decision=ApprovalDecision.APPROVED if approve else ApprovalDecision.REJECTED,
        note=note.strip(),
        snapshot=current_snapshot(store, mailout),
        decided_at=now,
        expires_at=now + timedelta(hours=settings.approval_ttl_hours),
    )
    store.record_decision(decision)
    action = "approval.granted" if approve else "approval.rejected"
    details = {"note": decision.note, "snapshot": decision.snapshot}
    store.record_event(user.email, action, "mailout", mailout_id, details)
    if approve:
        schedule(store, settings, store.get_mailout(mailout_id), user.email, clock)
    else:
        store.change_state(
            mailout_id,
            MailoutState.DRAFT,
            actor=user.email,
            reason=f"rejected by {user.email}: {decision.note}",
        )
    tell_sender(settings, mailout, decision)
    return decision


def request_approval(
    store: Store, settings: Settings, mailout: Mailout, actor: str, why: str
) -> list[User]:
    """Move a mailout to awaiting_approval and tell the approvers; fail closed if there are
    none (it stays held, and the caller says so)."""
    if mailout.state is not MailoutState.AWAITING_APPROVAL:
        store.change_state(mailout.id, MailoutState.AWAITING_APPROVAL, actor=actor, reason=why)
    approvers = find_approvers(store, mailout)
    notices = [
        build_notice(
            NOTIFY_FROM,
            u.email,
            f"Approval needed: mailout {mailout.id}",
            f"{actor} wants to send mailout {mailout.id} ('{mailout.content.subject}') "
            f"to list '{mailout.list_name}'.\nIt is held because: {why}\n\n"
            f"Review it with `mailbrake check {mailout.id}`, then "
            f"`mailbrake approve {mailout.id} --note ...` or "
            f"`mailbrake reject {mailout.id} --reason ...`.\n",
        )
        for u in approvers
    ]
    failed = send_notices(settings, notices)
    store.record_event(
        actor,
        "approval.requested",
        "mailout",
        mailout.id,
        {"why": why, "approvers": [u.email for u in approvers], "not_notified": failed},
    )
    return approvers


def tell_sender(settings: Settings, mailout: Mailout, decision: Approval) -> None:
    if not mailout.created_by:
        return
    verb = str(decision.decision)
    body = (
        f"{decision.approver} {verb} mailout {mailout.id} "
        f"('{mailout.content.subject}'): {decision.note}\n"
    )
    send_notices(
        settings,
        [build_notice(NOTIFY_FROM, mailout.created_by, f"Mailout {mailout.id} {verb}", body)],
    )
