"""Stop: commit the halt, wait until every live worker has its brake on, then halt the rest."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from mailbrake.models import DeliveryState as D
from mailbrake.models import MailoutState
from mailbrake.store import Store

Wait = Callable[[float], None]


@dataclass(frozen=True, slots=True)
class StoppedMailout:
    mailout_id: int
    before: MailoutState
    after: MailoutState
    sent: int  # accepted by the relay before the stop
    in_flight: list[int]  # delivery ids handed to SMTP when the brake went on
    halted: int  # recipients who will not get it


@dataclass(frozen=True, slots=True)
class StopReport:
    stopped: list[StoppedMailout]
    already_final: list[tuple[int, MailoutState]]
    ack_ms: float  # until every live worker had its brake on: nothing new can begin
    elapsed_ms: float  # until the ledger was settled and the command could return
    unacknowledged: list[str] = field(default_factory=list)  # live workers that never answered


def stop_mailouts(
    store: Store,
    mailout_ids: Sequence[int] | None,
    *,
    ack_timeout: float = 5.0,
    dead_after: float = 15.0,
    poll: float = 0.003,
    wait: Wait = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
    actor: str = "system",
) -> StopReport:
    """Stop the named mailouts (None: every scheduled, sending or paused one).

    Returns once every live worker has acknowledged (its halt flag is set, so it begins no
    new SMTP transaction for them) or `ack_timeout` has passed; the workers that did not
    answer are named. Workers without a heartbeat for `dead_after` seconds are skipped.
    """
    started = monotonic()
    order = store.request_stop(mailout_ids, actor=actor)
    unacked = _await_acks(store, order.generation, dead_after, ack_timeout, poll, wait, monotonic)
    acked = monotonic()
    stopped = [_settle(store, mid, before, after) for mid, before, after in order.changes]
    return StopReport(
        stopped=stopped,
        already_final=order.already,
        ack_ms=(acked - started) * 1000,
        elapsed_ms=(monotonic() - started) * 1000,
        unacknowledged=unacked,
    )


def _await_acks(
    store: Store,
    generation: int,
    dead_after: float,
    timeout: float,
    poll: float,
    wait: Wait,
    monotonic: Callable[[], float],
) -> list[str]:
    deadline = monotonic() + timeout
    while True:
        alive_after = store.clock.now() - timedelta(seconds=dead_after)
        missing = store.unacked_workers(generation, alive_after)
        if not missing or monotonic() >= deadline:
            return missing
        wait(poll)


def _settle(
    store: Store, mailout_id: int, before: MailoutState, after: MailoutState
) -> StoppedMailout:
    halted = store.halt_remaining(mailout_id)
    counts = store.delivery_counts(mailout_id)
    in_flight = [e.id for e in store.iter_ledger(mailout_id, D.CLAIMED)]
    return StoppedMailout(
        mailout_id, before, after, counts[D.SENT], in_flight, counts[D.HALTED] or halted
    )


def await_in_flight(
    store: Store,
    mailout_id: int,
    delivery_ids: Sequence[int],
    *,
    timeout: float,
    poll: float = 0.05,
    wait: Wait = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> dict[D, int]:
    """How the messages in flight at the stop ended (still `claimed` if not yet known)."""
    deadline = monotonic() + timeout
    while True:
        states = store.delivery_states(mailout_id, delivery_ids)
        done = all(state is not D.CLAIMED for state in states.values())
        if done or monotonic() >= deadline:
            counts: dict[D, int] = {}
            for state in states.values():
                counts[state] = counts.get(state, 0) + 1
            return counts
        wait(poll)
