"""Stop: commit the halt, wait until every live worker has its brake on, then halt the rest."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from mailbrake.models import DeliveryState as D
from mailbrake.models import MailoutState
from mailbrake.store import Store
from mailbrake.store.acks import AckListener

Wait = Callable[[float], None]
LISTEN_FALLBACK = 0.05  # seconds between reads of the workers table while listening


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
    poll: float = 0.003,
    wait: Wait | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    actor: str = "system",
    settle: bool = True,
    committed: Callable[[], None] | None = None,
) -> StopReport:
    """Stop the named mailouts (None: every scheduled, sending or paused one).

    Returns once every live worker has acknowledged (its halt flag is set, so it begins no
    new SMTP transaction for them) or `ack_timeout` has passed; the workers that did not
    answer are named. Workers whose heartbeat lease has lapsed are dead and not waited for.
    PostgreSQL workers answer on a NOTIFY channel this listens to; SQLite's are polled every
    `poll` seconds (`wait` sleeps; tests inject it). `committed` is called as soon as the
    stop is committed, or failed to be (the CLI's "waiting for the database" notice ends).
    `settle=False` returns without halting the unsent rows: they read as halted already,
    and `settle_stop` (or the next worker pass) writes them; `mailbrake stop` uses it to
    return as soon as the brakes are on.
    """
    started = monotonic()
    with store.listen_for_acks() as listener, ThreadPoolExecutor(1) as reader:
        try:
            order = store.request_stop(mailout_ids, actor=actor)
        finally:
            if committed is not None:
                committed()
        # The report is read on another connection while this one waits for the answers:
        # both are mostly round trips to the database.
        report = reader.submit(
            lambda: [_describe(store, mid, old, new) for mid, old, new in order.changes]
        )
        acks = _Acks(store, listener, order.generation, poll, wait)
        unacked = acks.wait(ack_timeout, monotonic)
        stopped = report.result()
    acked = monotonic()
    if settle:
        settle_stop(store, [m.mailout_id for m in stopped])
    return StopReport(
        stopped=stopped,
        already_final=order.already,
        ack_ms=(acked - started) * 1000,
        elapsed_ms=(monotonic() - started) * 1000,
        unacknowledged=unacked,
    )


def settle_stop(store: Store, mailout_ids: Sequence[int]) -> int:
    """The stop's bookkeeping: unsent rows of the stopped mailouts become `halted`."""
    return sum(store.halt_remaining(mailout_id) for mailout_id in mailout_ids)


class _Acks:
    """Who still has to answer a stop (the live workers when it committed): heard on the
    listener, or read from the workers table."""

    def __init__(
        self,
        store: Store,
        listener: AckListener,
        generation: int,
        poll: float,
        wait: Wait | None,
    ) -> None:
        self._store = store
        self._listener = listener
        self._generation = generation
        # Listening: the table is only a fallback, read when nothing was heard for a while.
        self._poll = LISTEN_FALLBACK if listener.hears and wait is None else poll
        self._wait = wait
        self._missing = self._unacked()

    def wait(self, timeout: float, monotonic: Callable[[], float]) -> list[str]:
        deadline = monotonic() + timeout
        missing = self._missing
        while missing:
            remaining = deadline - monotonic()
            if remaining <= 0:
                return sorted(self._unacked())
            heard = self._pause(min(self._poll, remaining))
            missing -= self._listener.acked(self._generation)
            if missing and not heard:
                missing &= self._unacked()
        return []

    def _pause(self, seconds: float) -> bool:
        if self._wait is None:
            if self._listener.hears:
                return self._listener.wait(seconds)
            time.sleep(seconds)
            return False
        self._wait(seconds)
        return self._listener.wait(0.0)

    def _unacked(self) -> set[str]:
        return set(self._store.unacked_workers(self._generation))


def _describe(
    store: Store, mailout_id: int, before: MailoutState, after: MailoutState
) -> StoppedMailout:
    counts, in_flight = store.stop_outcome(mailout_id)  # unsettled rows count as halted
    return StoppedMailout(mailout_id, before, after, counts[D.SENT], in_flight, counts[D.HALTED])


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
