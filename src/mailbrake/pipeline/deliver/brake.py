"""The worker's brake: local halt flags, set the moment a stop reaches the worker, then acked.

A stop bumps a generation counter in the database. Each worker watches it (SQLite: a cheap
read every few milliseconds; PostgreSQL: LISTEN/NOTIFY, whose payload names the new states,
with a slower read as a fallback), sets the flags of the mailouts it is sending, answers the
stopper (PostgreSQL: a NOTIFY on the reply channel), then hands back the claims it has not
begun and records the generation as acknowledged. Senders check `may_send` before taking a
claim, and the transport asks it again immediately before writing MAIL FROM (the gate).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from mailbrake.models import MailoutState
from mailbrake.store import Store
from mailbrake.store.acks import ack_payload
from mailbrake.store.ledger import ACK_CHANNEL, STOP_CHANNEL
from mailbrake.store.ledger_base import parse_stop_payload

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


Announced = dict[int, MailoutState] | None  # the states a generation changed, if known


class Probe(Protocol):
    async def next_stop(self, seen: int) -> tuple[int, Announced]:
        """Wait until the stop generation is above `seen`; return it, with the states it
        changed when they are known for certain (only for generation seen + 1)."""
        ...

    async def states(self, mailout_ids: Sequence[int]) -> dict[int, MailoutState]: ...

    async def acknowledge(self, worker_id: str, generation: int) -> None:
        """Tell a listening stopper at once that this worker's brake is on."""
        ...

    async def close(self) -> None: ...


class SqliteProbe:
    """Reads on a dedicated autocommit connection: no transaction, so no write lock taken."""

    def __init__(self, store: Store, every: float) -> None:
        self._conn: Any = store.engine.raw_connection()
        self._every = every

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        cursor = self._conn.cursor()
        try:
            return list(cursor.execute(sql, tuple(params)).fetchall())
        finally:
            cursor.close()

    async def next_stop(self, seen: int) -> tuple[int, Announced]:
        while True:
            rows = self._read("SELECT stop_generation FROM delivery_control WHERE id = 1")
            if rows and int(rows[0][0]) > seen:
                return int(rows[0][0]), None
            await asyncio.sleep(self._every)

    async def states(self, mailout_ids: Sequence[int]) -> dict[int, MailoutState]:
        if not mailout_ids:
            return {}
        marks = ", ".join("?" for _ in mailout_ids)
        rows = self._read(f"SELECT id, state FROM mailouts WHERE id IN ({marks})", mailout_ids)
        return {int(i): MailoutState(s) for i, s in rows}

    async def acknowledge(self, worker_id: str, generation: int) -> None:
        return None  # SQLite's stopper reads the workers table

    async def close(self) -> None:
        self._conn.close()


class PostgresProbe:
    """LISTEN on the stop channel; also re-reads the counter every `fallback` seconds."""

    def __init__(self, conn: Any, fallback: float) -> None:
        self._conn = conn
        self._fallback = fallback

    @classmethod
    async def open(cls, store: Store, fallback: float = 0.5) -> PostgresProbe:
        import psycopg

        url = store.engine.url.set(drivername="postgresql")
        conn = await psycopg.AsyncConnection.connect(
            url.render_as_string(hide_password=False), autocommit=True
        )
        await conn.execute(f"LISTEN {STOP_CHANNEL}")
        return cls(conn, fallback)

    async def _generation(self) -> int:
        cursor = await self._conn.execute(
            "SELECT stop_generation FROM delivery_control WHERE id = 1"
        )
        row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def next_stop(self, seen: int) -> tuple[int, Announced]:
        while True:
            current = await self._generation()
            if current > seen:
                return current, None
            async for note in self._conn.notifies(timeout=self._fallback, stop_after=1):
                generation, announced = parse_stop_payload(note.payload or "0")
                if generation > seen:
                    # Named states are complete only if no generation was skipped.
                    return generation, announced if generation == seen + 1 else None

    async def states(self, mailout_ids: Sequence[int]) -> dict[int, MailoutState]:
        if not mailout_ids:
            return {}
        cursor = await self._conn.execute(
            "SELECT id, state FROM mailouts WHERE id = ANY(%s)", (list(mailout_ids),)
        )
        return {int(i): MailoutState(s) for i, s in await cursor.fetchall()}

    async def acknowledge(self, worker_id: str, generation: int) -> None:
        payload = ack_payload(worker_id, generation)
        await self._conn.execute("SELECT pg_notify(%s, %s)", (ACK_CHANNEL, payload))

    async def close(self) -> None:
        await self._conn.close()


async def open_probe(store: Store, poll_every: float) -> Probe:
    if store.is_postgres:
        return await PostgresProbe.open(store)
    return SqliteProbe(store, poll_every)


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
