"""Stop from a front door that is not the CLI: brake, settle, wait for in-flight messages,
open incidents for mailouts that had sent something, and return one typed report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mailbrake.clock import Clock
from mailbrake.models import DeliveryState, MailoutState
from mailbrake.pipeline.incident import open_after_stop
from mailbrake.pipeline.stop import StopReport, await_in_flight, settle_stop, stop_mailouts
from mailbrake.settings import Settings
from mailbrake.store import Store


@dataclass(frozen=True, slots=True)
class HaltResult:
    report: StopReport
    in_flight_outcome: dict[int, dict[DeliveryState, int]]  # mailout id -> how in-flight ended
    incidents: tuple[int, ...]


def halt(
    store: Store,
    settings: Settings,
    mailout_ids: Sequence[int] | None,
    *,
    actor: str,
    clock: Clock,
    routine: bool = False,
    timeout: float = 5.0,
) -> HaltResult:
    """The same steps as `mailbrake stop`, in the same order: the brake goes on first."""
    report = stop_mailouts(store, mailout_ids, ack_timeout=timeout, actor=actor, settle=False)
    settle_stop(store, [m.mailout_id for m in report.stopped])
    outcomes = {
        m.mailout_id: await_in_flight(store, m.mailout_id, m.in_flight, timeout=timeout)
        for m in report.stopped
    }
    opened: list[int] = []
    for item in report.stopped:
        if item.after is not MailoutState.HALTED:
            continue
        incident = open_after_stop(
            store, settings, item.mailout_id, actor,
            routine=routine, clock=clock, brake_ms=report.ack_ms,
        )  # fmt: skip
        if incident is not None:
            opened.append(incident.id)
    return HaltResult(report, outcomes, tuple(opened))
