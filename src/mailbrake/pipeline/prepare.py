"""Prepare a send: check freshness, verdict, approval, override and confirmation, then hold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mailbrake.clock import Clock
from mailbrake.errors import MailbrakeError
from mailbrake.models import CheckResult, Mailout, MailoutState, Verdict
from mailbrake.people import User, require
from mailbrake.pipeline.approve import request_approval, snapshot_of, valid_approval
from mailbrake.pipeline.check import check_mailout, staleness
from mailbrake.pipeline.deliver import OPTIONS_KEY, DeliveryOptions
from mailbrake.pipeline.hold import Scheduled, schedule
from mailbrake.settings import Settings
from mailbrake.store import Store
from mailbrake.store.approvals import Override

MIN_JUSTIFICATION = 10


class SendRefusedError(MailbrakeError):
    """The send cannot go ahead as asked; the message says why and what to do."""


class ConfirmationNeededError(SendRefusedError):
    def __init__(self, mailout_id: int, audience: int) -> None:
        super().__init__(
            f"Mailout {mailout_id} goes to {audience:,} recipients; confirm by typing that number.",
            hint=f"In a script: `mailbrake send {mailout_id} --confirm {audience}`.",
        )
        self.audience = audience


@dataclass(frozen=True, slots=True)
class SendRequest:
    user: User
    confirm: int | None = None
    override: str | None = None
    delivery: DeliveryOptions | None = None  # None: the mailout's stored (or default) options


@dataclass(frozen=True, slots=True)
class Prepared:
    """What `send` did: scheduled (with its window) or held for approval (and by whom)."""

    mailout: Mailout
    check: CheckResult
    audience: int
    scheduled: Scheduled | None = None
    approvers: tuple[str, ...] = ()
    held_because: str = ""


def summary(store: Store, mailout: Mailout, check: CheckResult) -> dict[str, Any]:
    """The facts `send` shows before anything happens."""
    return {
        "audience": check.audience.size,
        "external": check.audience.external,
        "verdict": str(check.verdict),
        "exposure": check.exposure.score,
        "rule": check.deciding_rule,
    }


def current_check(
    store: Store, settings: Settings, mailout: Mailout, clock: Clock, actor: str
) -> CheckResult:
    """The check to send on: run it for a draft, refuse a stale one."""
    if mailout.state is MailoutState.DRAFT:
        return check_mailout(store, settings, mailout.id, clock=clock, actor=actor)
    fresh = staleness(store, mailout)
    check = store.latest_check(mailout.id)
    if not fresh.is_current or check is None:
        raise SendRefusedError(
            f"Mailout {mailout.id} cannot be sent: {fresh.reason}.",
            hint=f"Run `mailbrake check {mailout.id}` again, look at the result, then send.",
        )
    return check


def prepare_send(
    store: Store, settings: Settings, mailout_id: int, request: SendRequest, *, clock: Clock
) -> Prepared:
    """From draft/checked/awaiting_approval to scheduled, or to awaiting_approval."""
    user = require(request.user, "mailouts.send")
    mailout = store.get_mailout(mailout_id)
    sendable = (MailoutState.DRAFT, MailoutState.CHECKED, MailoutState.AWAITING_APPROVAL)
    if mailout.state not in sendable:
        raise SendRefusedError(
            f"Mailout {mailout_id} is {mailout.state}; it cannot be sent again.",
            hint=f"See `mailbrake status {mailout_id}`.",
        )
    check = current_check(store, settings, mailout, clock, user.email)
    mailout = store.get_mailout(mailout_id)
    audience = check.audience.size
    _refuse_if_blocked_or_empty(mailout, check, audience)
    _confirm(settings, mailout_id, audience, request.confirm)
    if check.verdict is Verdict.WARN:
        _record_override(store, user, mailout, check, request.override, clock)
    if request.delivery is not None:
        store.set_mailout_options(mailout_id, {OPTIONS_KEY: request.delivery.as_json()})
    store.record_event(
        user.email,
        "mailout.confirmed",
        "mailout",
        mailout_id,
        {**summary(store, mailout, check), "confirmed": request.confirm},
    )
    held = _hold_reason(store, mailout, check, clock)
    if held:
        approvers = request_approval(store, settings, mailout, user.email, held)
        return Prepared(
            store.get_mailout(mailout_id),
            check,
            audience,
            approvers=tuple(u.email for u in approvers),
            held_because=held,
        )
    if mailout.state is MailoutState.DRAFT:
        store.change_state(mailout_id, MailoutState.CHECKED, actor=user.email)
    scheduled = schedule(store, settings, store.get_mailout(mailout_id), user.email, clock)
    return Prepared(store.get_mailout(mailout_id), check, audience, scheduled=scheduled)


def _refuse_if_blocked_or_empty(mailout: Mailout, check: CheckResult, audience: int) -> None:
    if check.verdict is Verdict.BLOCK:
        raise SendRefusedError(
            f"Mailout {mailout.id} is blocked by the policy (rule: {check.deciding_rule}).",
            hint=f"See `mailbrake check {mailout.id}`: remove what it found, then check again.",
        )
    if audience == 0:
        raise SendRefusedError(f"List {mailout.list_name!r} has no active recipients.")


def _confirm(settings: Settings, mailout_id: int, audience: int, confirm: int | None) -> None:
    if audience <= settings.confirm_threshold:
        return
    if confirm is None:
        raise ConfirmationNeededError(mailout_id, audience)
    if confirm != audience:
        raise SendRefusedError(
            f"You confirmed {confirm:,} recipients but mailout {mailout_id} goes to "
            f"{audience:,}. Nothing was sent.",
            hint="Check the list, then confirm the right number.",
        )


def _record_override(
    store: Store, user: User, mailout: Mailout, check: CheckResult, why: str | None, clock: Clock
) -> None:
    text = (why or "").strip()
    if len(text) < MIN_JUSTIFICATION:
        raise SendRefusedError(
            f"Mailout {mailout.id} has warnings (rule: {check.deciding_rule}); sending it needs "
            f"a written justification of at least {MIN_JUSTIFICATION} characters.",
            hint=f'`mailbrake send {mailout.id} --override "why this is fine"`',
        )
    store.record_override(
        Override(mailout.id, user.email, clock.now(), str(check.verdict), text, snapshot_of(check))
    )
    store.record_event(
        user.email,
        "mailout.override",
        "mailout",
        mailout.id,
        {"verdict": str(check.verdict), "justification": text, "rule": check.deciding_rule},
    )


def _hold_reason(store: Store, mailout: Mailout, check: CheckResult, clock: Clock) -> str:
    emergency = store.emergency()
    if emergency.on:
        return f"the emergency switch is on ({emergency.reason})"
    if check.verdict is not Verdict.HOLD:
        return ""
    state = valid_approval(store, mailout, clock)
    if state.approval is not None:
        return ""
    return f"the policy holds it (rule: {check.deciding_rule}); {state.reason}"
