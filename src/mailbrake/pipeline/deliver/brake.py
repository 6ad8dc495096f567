"""The worker's brake: local halt flags, set the moment a stop reaches the worker, then acked.

A stop bumps a generation counter in the database. Each worker watches it through a probe
from store/signals.py (SQLite: a cheap read every few milliseconds; PostgreSQL:
LISTEN/NOTIFY, whose payload names the new states, with a slower read as a fallback), sets
the flags of the mailouts it is sending, answers the
stopper (PostgreSQL: a NOTIFY on the reply channel), then hands back the claims it has not
begun and records the generation as acknowledged. Senders check `may_send` before taking a
claim, and the transport asks it again immediately before writing MAIL FROM (the gate).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Protocol

from mailbrake.models import MailoutState
from mailbrake.store import Store
from mailbrake.store.signals import Announced, Probe, open_probe

__all__ = ["HALTING", "Brake", "Holder", "StopWatcher", "open_probe"]

HALTING = frozenset({MailoutState.HALTED, MailoutState.CANCELLED})


class Holder(Protocol):
    """A mailout sender: gives up the claims it holds but has not handed to SMTP."""

    def take_unstarted(self) -> list[int]: ...


class Brake:
    def __init__(self) -> None:
        self._flags: dict[int, MailoutState] = {}
        self._holders: dict[int, Holder] = {}
        self.exiting = False

    def may_send(self, mailout_id: int) -> bool:
        return not self.exiting and mailout_id not in self._flags

    def attach(self, mailout_id: int, holder: Holder) -> None:
        """A sender starts on a mailout that is sending: its old flag no longer applies."""
        self._flags.pop(mailout_id, None)
        self._holders[mailout_id] = holder

    def detach(self, mailout_id: int) -> None:
        self._holders.pop(mailout_id, None)

    def flag(self, mailout_id: int) -> MailoutState | None:
        return self._flags.get(mailout_id)

    @property
    def active(self) -> list[int]:
        return sorted(self._holders)

    def apply(self, states: dict[int, MailoutState]) -> tuple[list[int], list[int]]:
        """Set the flags for mailouts no longer sending; (claims to halt, claims to requeue)."""
        halted: list[int] = []
        requeued: list[int] = []
        for mailout_id, state in states.items():
            if state is MailoutState.SENDING:
                continue
            self._flags[mailout_id] = state
            holder = self._holders.get(mailout_id)
            if holder is None or state not in HALTING:
                continue  # a paused sender gives its claims back itself as it finishes
            halted.extend(holder.take_unstarted())
        return halted, requeued


class StopWatcher:
    """Runs beside the senders: applies every new stop generation and acknowledges it."""

    def __init__(
        self,
        store: Store,
        brake: Brake,
        probe: Probe,
        worker_id: str,
        seen: int,
        answered: Callable[[], Awaitable[None]] | None = None,
    ):
        self._store = store
        self._answered = answered  # the transport's: MAIL FROMs already written are answered
        self._brake = brake
        self._probe = probe
        self._worker_id = worker_id
        self._recording: asyncio.Future[None] | None = None
        self.seen = seen

    async def run(self) -> None:
        while True:
            generation, announced = await self._probe.next_stop(self.seen)
            await self.apply(generation, announced)

    async def apply(self, generation: int, announced: Announced = None) -> None:
        active = self._brake.active
        if announced is None:
            states = await self._probe.states(active)
        else:
            states = {m: announced[m] for m in active if m in announced}
        halted, requeued = self._brake.apply(states)
        # Flags are set: from here the transport's gate refuses every new MAIL FROM. One
        # already written (pipelined behind content) may still be unread by the relay.
        if self._answered is not None:
            await self._answered()
        await self._probe.acknowledge(self._worker_id, generation)
        record = asyncio.to_thread(
            self._store.ack_stop, self._worker_id, generation, halted, requeued
        )
        self._recording = asyncio.ensure_future(record)
        # Shielded: a worker told to leave still records what it released.
        await asyncio.shield(self._recording)
        self.seen = generation

    async def drain(self) -> None:
        """Wait for an acknowledgement still being recorded (the worker is leaving)."""
        if self._recording is not None and not self._recording.done():
            await asyncio.gather(self._recording, return_exceptions=True)
