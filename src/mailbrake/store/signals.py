"""Stop signalling, in one place: the stop counter, its NOTIFY payload, and the workers' probes.

A stop bumps `delivery_control.stop_generation` in the transaction that halts the mailouts;
on PostgreSQL the commit also NOTIFYs `mailbrake_stop` with the generation and the new
states. A worker's probe waits for a higher generation (SQLite: a cheap read every few
milliseconds on its own autocommit connection; PostgreSQL: LISTEN, with a slower read as a
fallback) and answers on `mailbrake_stop_ack` (see acks.py for the stopper's side).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from mailbrake.models import MailoutState

if TYPE_CHECKING:
    from mailbrake.store import Store

STOP_CHANNEL = "mailbrake_stop"
ACK_CHANNEL = "mailbrake_stop_ack"  # workers answer a stop here (PostgreSQL)
NOTIFY_ROOM = 7_000  # PostgreSQL's NOTIFY payload limit is 8,000 bytes
GENERATION_SQL = "SELECT stop_generation FROM delivery_control WHERE id = 1"


def ack_payload(worker_id: str, generation: int) -> str:
    return f"{worker_id} {generation}"


def stop_payload(generation: int, changes: Mapping[int, MailoutState]) -> str:
    """ "7 12=halted 13=paused": the generation, then every state it changed (when it fits)."""
    return f"{generation}{named_states(changes)}"


def named_states(changes: Mapping[int, MailoutState]) -> str:
    named = " ".join(f"{mailout_id}={state.value}" for mailout_id, state in changes.items())
    if not named or len(named) > NOTIFY_ROOM:
        return ""
    return f" {named}"


def parse_stop_payload(payload: str) -> tuple[int, dict[int, MailoutState] | None]:
    """The generation, and the states it changed (None: not named, read them instead)."""
    generation, _, named = payload.strip().partition(" ")
    if not named:
        return int(generation), None
    states = {}
    for item in named.split():
        mailout_id, _, state = item.partition("=")
        states[int(mailout_id)] = MailoutState(state)
    return int(generation), states


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
            rows = self._read(GENERATION_SQL)
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
        cursor = await self._conn.execute(GENERATION_SQL)
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
