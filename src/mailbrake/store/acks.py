"""Hearing workers acknowledge a stop at once: LISTEN on PostgreSQL's reply channel.

A worker sets its brake, then NOTIFYs `mailbrake_stop_ack` with "WORKER_ID GENERATION"
before it records the acknowledgement in the workers table, so a stopper that listens hears
it without polling that table. The table stays the record (and SQLite's only channel).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mailbrake.store.signals import ACK_CHANNEL, ack_payload

__all__ = ["AckListener", "ack_payload"]


class AckListener:
    """Collects (worker id -> highest generation acknowledged) from a LISTENing connection."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn  # a psycopg Connection in autocommit mode, or None (hears nothing)
        self._heard: dict[str, int] = {}

    @classmethod
    @contextmanager
    def open(cls, conn: Any) -> Iterator[AckListener]:
        was_autocommit = conn.autocommit
        conn.autocommit = True
        conn.execute(f"LISTEN {ACK_CHANNEL}")
        try:
            yield cls(conn)
        finally:
            conn.execute(f"UNLISTEN {ACK_CHANNEL}")
            conn.autocommit = was_autocommit

    @property
    def hears(self) -> bool:
        return self._conn is not None

    def wait(self, timeout: float) -> bool:
        """Block until an acknowledgement arrives or `timeout` passes; True if one came."""
        if self._conn is None:
            return False
        heard = False
        for note in self._conn.notifies(timeout=timeout, stop_after=1):
            heard = self._note(note.payload) or heard
        # Take whatever else has arrived too, without waiting again.
        for note in self._conn.notifies(timeout=0.0):
            heard = self._note(note.payload) or heard
        return heard

    def acked(self, generation: int) -> set[str]:
        return {worker for worker, seen in self._heard.items() if seen >= generation}

    def _note(self, payload: str) -> bool:
        worker_id, _, generation = payload.rpartition(" ")
        if not worker_id or not generation.isdigit():
            return False
        self._heard[worker_id] = max(self._heard.get(worker_id, 0), int(generation))
        return True
