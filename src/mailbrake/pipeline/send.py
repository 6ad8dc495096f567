"""What `send`, `resume`, `pause`, `cancel` and `resend-uncertain` mean, for every front door."""

# A front door (CLI, web, API, SMTP gateway) parses its input, calls one function here and
# shows the typed outcome; every decision about the mailout's state is taken here. Refusals
# are MailbrakeError subclasses carrying the reason and a hint (pipeline/refusals.py).

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from mailbrake.clock import Clock
from mailbrake.lifecycle import FINAL
from mailbrake.models import Mailout, MailoutState
from mailbrake.people import User, require
from mailbrake.pipeline import hold
from mailbrake.pipeline.deliver import DeliveryOptions, start_sending
from mailbrake.pipeline.prepare import (
    ConfirmationNeededError,
    Prepared,
    SendRefusedError,
    SendRequest,
    prepare_send,
)
from mailbrake.pipeline.refusals import (
    FinalStateError,
    NotStartableError,
    UndoWindowError,
    WrongStateError,
)
from mailbrake.pipeline.status import DeliveryStatus, delivery_status, wait_failure
from mailbrake.settings import Settings
from mailbrake.store import Store

__all__ = [
    "CancelOutcome",
    "ConfirmationNeededError",
    "DeliveryStatus",
    "FinalStateError",
    "NotStartableError",
    "PauseOutcome",
    "ResendOutcome",
    "ResumeOutcome",
    "SendOutcome",
    "SendOutcomeKind",
    "SendRefusedError",
    "SendRequest",
    "UndoWindowError",
    "WrongStateError",
    "cancel",
    "delivery_status",
    "pause",
    "resend_uncertain",
    "resume",
    "send",
    "wait_failure",
]

PREPARABLE = (MailoutState.DRAFT, MailoutState.CHECKED, MailoutState.AWAITING_APPROVAL)


class SendOutcomeKind(StrEnum):
    HELD_FOR_APPROVAL = "held_for_approval"
    SCHEDULED = "scheduled"  # in its undo window; a worker starts it at starts_at
    STARTED = "started"
    ALREADY_SENDING = "already_sending"


@dataclass(frozen=True, slots=True)
class SendOutcome:
    kind: SendOutcomeKind
    mailout_id: int
    message: str  # one line a front door can show as is
    starts_at: datetime | None = None
    approvers: tuple[str, ...] = ()
    held_because: str = ""
    total: int | None = None
    waves: int | None = None


@dataclass(frozen=True, slots=True)
class ResumeOutcome:
    mailout_id: int
    wave: int  # 1-based, the wave now sending
    waves: int
    message: str


@dataclass(frozen=True, slots=True)
class PauseOutcome:
    mailout_id: int
    message: str


@dataclass(frozen=True, slots=True)
class CancelOutcome:
    mailout_id: int
    message: str


@dataclass(frozen=True, slots=True)
class ResendOutcome:
    mailout_id: int
    requeued: int
    resumed: bool  # a paused mailout was set sending again to deliver them
    message: str


def send(
    store: Store, settings: Settings, mailout_id: int, request: SendRequest, *, clock: Clock
) -> SendOutcome:
    """Check, confirm and schedule a mailout (or hold it for approval); start it if due."""
    user = require(request.user, "mailouts.send")
    mailout = store.get_mailout(mailout_id)
    if mailout.state in PREPARABLE:
        prepared = prepare_send(store, settings, mailout_id, request, clock=clock)
        if prepared.scheduled is None:
            return _held(prepared)
        mailout = store.get_mailout(mailout_id)
    if mailout.state is MailoutState.SCHEDULED:
        options = request.delivery or DeliveryOptions.of(mailout)
        return _start_if_due(store, settings, mailout, options, user, clock)
    if mailout.state is MailoutState.SENDING:
        return SendOutcome(
            SendOutcomeKind.ALREADY_SENDING, mailout_id, f"Mailout {mailout_id} is sending."
        )
    _refuse_if_final(mailout, "sent again")
    raise WrongStateError(
        mailout,
        MailoutState.SENDING,
        f"Mailout {mailout_id} is {mailout.state}; `send` does not continue it.",
        hint=f"Continue it with `mailbrake resume {mailout_id}`.",
    )


def _held(prepared: Prepared) -> SendOutcome:
    mailout_id = prepared.mailout.id
    approvers = ", ".join(prepared.approvers) or "an approver"
    return SendOutcome(
        SendOutcomeKind.HELD_FOR_APPROVAL,
        mailout_id,
        f"Mailout {mailout_id} needs approval ({prepared.held_because}); asked {approvers}.",
        approvers=prepared.approvers,
        held_because=prepared.held_because,
        total=prepared.audience,
    )


def _start_if_due(
    store: Store,
    settings: Settings,
    mailout: Mailout,
    options: DeliveryOptions,
    user: User,
    clock: Clock,
) -> SendOutcome:
    """Start a scheduled mailout now, unless its undo window is still open."""
    starts_at = store.scheduled_for(mailout.id)
    if starts_at is not None and starts_at > clock.now():
        return SendOutcome(
            SendOutcomeKind.SCHEDULED,
            mailout.id,
            f"Mailout {mailout.id} is in its undo window until {starts_at:%H:%M:%S} UTC; "
            "cancelling it before then sends nothing.",
            starts_at=starts_at,
        )
    if starts_at is not None:
        reason = hold.why_not_startable(store, mailout, clock, settings)
        if reason:
            raise NotStartableError(mailout.id, reason)
    run = start_sending(store, mailout.id, options, actor=user.email)
    return SendOutcome(
        SendOutcomeKind.STARTED,
        mailout.id,
        f"Mailout {mailout.id} is sending: {run.total:,} recipients in {run.wave_count} wave(s).",
        starts_at=starts_at,
        total=run.total,
        waves=run.wave_count,
    )


def resume(
    store: Store, settings: Settings, mailout_id: int, *, user: User, clock: Clock
) -> ResumeOutcome:
    """paused -> sending (the next wave when the current one is finished)."""
    require(user, "mailouts.send")
    mailout = store.get_mailout(mailout_id)
    if mailout.state is MailoutState.SCHEDULED:
        raise UndoWindowError(mailout_id, store.scheduled_for(mailout_id))
    _refuse_if_final(mailout, "resumed")
    store.resume(mailout_id, actor=user.email)
    run = store.run_info(mailout_id)
    wave = run.current_wave + 1
    return ResumeOutcome(
        mailout_id,
        wave,
        run.wave_count,
        f"Mailout {mailout_id} is sending again (wave {wave} of {run.wave_count}).",
    )


def pause(
    store: Store, settings: Settings, mailout_id: int, *, user: User, clock: Clock, reason: str
) -> PauseOutcome:
    """sending -> paused by hand; `resume` continues it. A pause is a brake: anyone may."""
    require(user, "mailouts.stop")
    why = reason.strip() or f"paused by {user.email}"
    if not store.pause(mailout_id, why, actor=user.email):
        mailout = store.get_mailout(mailout_id)
        _refuse_if_final(mailout, "paused")
        raise WrongStateError(
            mailout,
            MailoutState.PAUSED,
            f"Mailout {mailout_id} is {mailout.state}; only a sending mailout can be paused.",
            hint=f"`mailbrake status {mailout_id}` shows where it stands.",
        )
    return PauseOutcome(mailout_id, f"Mailout {mailout_id} is paused: {why}.")


def cancel(
    store: Store, settings: Settings, mailout_id: int, *, user: User, clock: Clock, reason: str = ""
) -> CancelOutcome:
    """Cancel a scheduled mailout in its undo window: nothing was sent, nothing will be."""
    require(user, "mailouts.stop")
    mailout = store.get_mailout(mailout_id)
    _refuse_if_final(mailout, "cancelled")
    if mailout.state is not MailoutState.SCHEDULED:
        raise WrongStateError(
            mailout,
            MailoutState.CANCELLED,
            f"Mailout {mailout_id} is {mailout.state}; only a scheduled mailout can be cancelled.",
            hint=f"To halt one that is sending, use `mailbrake stop {mailout_id}`.",
        )
    hold.cancel(store, mailout_id, user.email, reason)
    return CancelOutcome(mailout_id, f"Cancelled mailout {mailout_id}; no message was sent.")


def resend_uncertain(
    store: Store, settings: Settings, mailout_id: int, *, user: User, clock: Clock
) -> ResendOutcome:
    """Queue the uncertain recipients again (same Message-ID); continue a paused mailout."""
    require(user, "mailouts.send")
    _refuse_if_final(store.get_mailout(mailout_id), "resent")
    count = store.requeue_uncertain(mailout_id, actor=user.email)
    resumed = False
    if count and store.get_mailout(mailout_id).state is MailoutState.PAUSED:
        resumed = store.resume(mailout_id, actor=user.email)
    return ResendOutcome(
        mailout_id,
        count,
        resumed,
        f"{count:,} uncertain recipient(s) of mailout {mailout_id} queued again.",
    )


def _refuse_if_final(mailout: Mailout, action: str) -> None:
    if mailout.state in FINAL:
        raise FinalStateError(mailout, action)
