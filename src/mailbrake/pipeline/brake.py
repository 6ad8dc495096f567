"""The worker's brake: local halt flags, set the moment a stop reaches the worker, then acked.

A stop bumps a generation counter in the database. Each worker watches it (SQLite: a cheap
read every few milliseconds; PostgreSQL: LISTEN/NOTIFY, with a slower read as a fallback),
re-reads the state of the mailouts it is sending, sets their flags, hands back the claims it
has not begun, and records the generation as acknowledged. Senders check `may_send`
immediately before each SMTP transaction, with no await in between.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, Protocol

from mailbrake.models import MailoutState
from mailbrake.store import Store
from mailbrake.store.ledger import STOP_CHANNEL

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
            unstarted = holder.take_unstarted() if holder is not None else []
            (halted if state in HALTING else requeued).extend(unstarted)
        return halted, requeued


class Probe(Protocol):
    async def next_generation(self, seen: int) -> int:
        """Wait until the stop generation is above `seen`; return it."""
        ...

    async def states(self, mailout_ids: Sequence[int]) -> dict[int, MailoutState]: ...

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

    async def next_generation(self, seen: int) -> int:
        while True:
            rows = self._read("SELECT stop_generation FROM delivery_control WHERE id = 1")
            if rows and int(rows[0][0]) > seen:
                return int(rows[0][0])
            await asyncio.sleep(self._every)

    async def states(self, mailout_ids: Sequence[int]) -> dict[int, MailoutState]:
        if not mailout_ids:
            return {}
        marks = ", ".join("?" for _ in mailout_ids)
        rows = self._read(f"SELECT id, state FROM mailouts WHERE id IN ({marks})", mailout_ids)
        return {int(i): MailoutState(s) for i, s in rows}

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

    async def next_generation(self, seen: int) -> int:
        while True:
            current = await self._generation()
            if current > seen:
                return current
            async for note in self._conn.notifies(timeout=self._fallback, stop_after=1):
                if int(note.payload or 0) > seen:
                    return int(note.payload)

    async def states(self, mailout_ids: Sequence[int]) -> dict[int, MailoutState]:
        if not mailout_ids:
            return {}
        cursor = await self._conn.execute(
            "SELECT id, state FROM mailouts WHERE id = ANY(%s)", (list(mailout_ids),)
        )
        return {int(i): MailoutState(s) for i, s in await cursor.fetchall()}

    async def close(self) -> None:
        await self._conn.close()


async def open_probe(store: Store, poll_every: float) -> Probe:
    if store.is_postgres:
        return await PostgresProbe.open(store)
    return SqliteProbe(store, poll_every)


class StopWatcher:
    """Runs beside the senders: applies every new stop generation and acknowledges it."""

    def __init__(self, store: Store, brake: Brake, probe: Probe, worker_id: str, seen: int):
        self._store = store
        self._brake = brake
        self._probe = probe
        self._worker_id = worker_id
        self.seen = seen

    async def run(self) -> None:
        while True:
            generation = await self._probe.next_generation(self.seen)
            await self.apply(generation)

    async def apply(self, generation: int) -> None:
        states = await self._probe.states(self._brake.active)
        halted, requeued = self._brake.apply(states)
        # Let sends dispatched before the flag was set write their MAIL FROM before the ack.
        await asyncio.sleep(0)
        await asyncio.to_thread(self._store.ack_stop, self._worker_id, generation, halted, requeued)
        self.seen = generation
