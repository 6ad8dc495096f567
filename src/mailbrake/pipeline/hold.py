"""Hold: the undo window between a confirmed send and its first message, and what ends it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from mailbrake.clock import Clock
from mailbrake.errors import ConflictError, MailbrakeError, StateError
from mailbrake.models import Mailout, MailoutState, Verdict
from mailbrake.pipeline.check import staleness
from mailbrake.settings import Settings
from mailbrake.store import Store


@dataclass(frozen=True, slots=True)
class Scheduled:
    mailout_id: int
    starts_at: datetime
    window_seconds: int


@dataclass(frozen=True, slots=True)
class DueResult:
    started: list[int]
    sent_back: list[tuple[int, str]]  # (mailout id, why it went back to `checked`)


def undo_window(audience: int, settings: Settings) -> int:
    """Seconds to hold a send to `audience` recipients before the first message leaves."""
    for most, seconds in settings.undo_window_steps:
        if audience <= most:
            return seconds
    return settings.undo_window_seconds


def schedule(
    store: Store, settings: Settings, mailout: Mailout, actor: str, clock: Clock
) -> Scheduled:
    """Move a mailout to `scheduled`, to start when its undo window has passed."""
    size = store.count_recipients(mailout.list_id)
    seconds = undo_window(size, settings)
    starts_at = clock.now() + timedelta(seconds=seconds)
    store.change_state(
        mailout.id,
        MailoutState.SCHEDULED,
        actor=actor,
        reason=f"undo window {seconds} s for {size:,} recipients",
        extra={"scheduled_for": starts_at},
    )
    return Scheduled(mailout.id, starts_at, seconds)


def cancel(store: Store, mailout_id: int, actor: str, reason: str = "") -> None:
    """Cancel during the undo window: nothing was sent, nothing will be."""
    mailout = store.get_mailout(mailout_id)
    if mailout.state is not MailoutState.SCHEDULED:
        raise MailbrakeError(
            f"Mailout {mailout_id} is {mailout.state}; only a scheduled mailout can be cancelled.",
            hint=f"To halt one that is sending, use `mailbrake stop {mailout_id}`.",
        )
    store.change_state(
        mailout_id,
        MailoutState.CANCELLED,
        actor=actor,
        reason=reason or "cancelled in the undo window",
    )


def why_not_startable(store: Store, mailout: Mailout, clock: Clock, settings: Settings) -> str:
    """Empty when a due scheduled mailout may start; else why it must be confirmed again."""
    starts_at = store.scheduled_for(mailout.id)
    if starts_at is None:
        return "it has no start time"
    late = (clock.now() - starts_at).total_seconds()
    if late > settings.start_tolerance_seconds:
        return f"its start was missed by {late:.0f} s (the server was down?)"
    if store.emergency().on:
        return "the emergency switch is on"
    fresh = staleness(store, mailout)
    if not fresh.is_current:
        return fresh.reason
    check = store.latest_check(mailout.id)
    if check is not None and check.verdict is Verdict.BLOCK:
        return "the check blocks it"
    if _needs_approval(store, mailout, clock):
        return "its approval no longer counts"
    return ""


def _needs_approval(store: Store, mailout: Mailout, clock: Clock) -> bool:
    from mailbrake.pipeline.approve import valid_approval

    check = store.latest_check(mailout.id)
    held = check is not None and check.verdict is Verdict.HOLD
    return held and valid_approval(store, mailout, clock).approval is None


def start_due(store: Store, settings: Settings, clock: Clock) -> DueResult:
    """Start every scheduled mailout whose undo window has passed, or send it back to
    `checked` (with the reason) when it may no longer start without a new confirmation."""
    from mailbrake.pipeline.deliver import DeliveryOptions, start_sending

    result = DueResult([], [])
    now = clock.now()
    for mailout_id, starts_at in store.scheduled_mailouts():
        if starts_at is not None and starts_at > now:
            break
        mailout = store.get_mailout(mailout_id)
        reason = why_not_startable(store, mailout, clock, settings)
        if reason:
            store.change_state(
                mailout_id,
                MailoutState.CHECKED,
                reason=f"not started: {reason}; confirm again with `mailbrake send {mailout_id}`",
            )
            result.sent_back.append((mailout_id, reason))
            continue
        try:
            start_sending(store, mailout_id, DeliveryOptions.of(mailout))
        except (ConflictError, StateError):
            continue  # another worker started (or someone cancelled) it first
        result.started.append(mailout_id)
    return result
