"""The worker registry: register, heartbeat, acknowledge stops, and recover dead workers' claims."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa

from mailbrake.models import DeliveryState as D
from mailbrake.store.ledger_base import LedgerBase
from mailbrake.store.tables import deliveries, delivery_control, workers


class WorkerOps(LedgerBase):
    def register_worker(self, worker_id: str, host: str, pid: int) -> int:
        """Add a live worker; it starts having seen every stop so far (returns that generation)."""
        now = self.clock.now()
        with self.engine.begin() as conn:
            generation = int(
                conn.execute(sa.select(delivery_control.c.stop_generation)).scalar_one()
            )
            conn.execute(
                workers.insert().values(
                    id=worker_id,
                    host=host,
                    pid=pid,
                    started_at=now,
                    heartbeat_at=now,
                    stop_ack=generation,
                )
            )
        return generation

    def heartbeat(self, worker_id: str, mailout_id: int | None, lease_seconds: float) -> None:
        """Show the worker is alive and extend the leases of the claims it holds."""
        now = self.clock.now()
        d = deliveries.c
        with self.engine.begin() as conn:
            conn.execute(
                workers.update()
                .where(workers.c.id == worker_id)
                .values(heartbeat_at=now, mailout_id=mailout_id)
            )
            if mailout_id is None:
                return
            conn.execute(
                deliveries.update()
                .where(
                    d.mailout_id == mailout_id, d.state == D.CLAIMED.value, d.worker_id == worker_id
                )
                .values(lease_until=now + timedelta(seconds=lease_seconds))
            )

    def unregister_worker(self, worker_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                workers.update()
                .where(workers.c.id == worker_id)
                .values(exited_at=self.clock.now(), mailout_id=None)
            )

    def ack_stop(
        self, worker_id: str, generation: int, halted: Sequence[int], requeued: Sequence[int]
    ) -> None:
        """The worker's halt flag is set: release what it will not send, then say so."""
        with self.engine.begin() as conn:
            if self.is_postgres:
                # An ack need not survive a database crash; waiting for its fsync slows a stop.
                conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            # The worker's row first, then its claims: the order heartbeat() locks them in
            # (the other order deadlocked with this worker's own heartbeat).
            conn.execute(
                workers.update()
                .where(workers.c.id == worker_id, workers.c.stop_ack < generation)
                .values(stop_ack=generation)
            )
            self._release(conn, worker_id, halted, D.HALTED)
            self._release(conn, worker_id, requeued, D.QUEUED)

    def unacked_workers(self, generation: int, alive_after: datetime) -> list[str]:
        """Live workers (recent heartbeat, not exited) that have not seen `generation` yet."""
        w = workers.c
        query = sa.select(w.id).where(
            w.exited_at.is_(None), w.heartbeat_at >= alive_after, w.stop_ack < generation
        )
        with self.engine.connect() as conn:
            return sorted(conn.execute(query).scalars())

    def workers_sending(self, mailout_id: int, alive_after: datetime, me: str) -> int:
        """How many live workers share this mailout, counting `me` (for the limits' split)."""
        w = workers.c
        query = sa.select(w.id).where(
            w.exited_at.is_(None), w.heartbeat_at >= alive_after, w.mailout_id == mailout_id
        )
        with self.engine.connect() as conn:
            ids = set(conn.execute(query).scalars())
        return len(ids | {me})

    def workers_on_host(self, host: str) -> list[tuple[str, int]]:
        """(id, pid) of the workers on `host` that never said they exited."""
        w = workers.c
        query = sa.select(w.id, w.pid).where(w.host == host, w.exited_at.is_(None))
        with self.engine.connect() as conn:
            return [(r.id, int(r.pid)) for r in conn.execute(query)]

    def recover_claims(self, mailout_id: int, dead_workers: Sequence[str]) -> int:
        """Claims whose worker died or whose lease ran out become `uncertain`.

        Nobody knows whether those messages reached the relay: they are neither resent
        automatically nor counted as sent (`mailbrake resend-uncertain` decides).
        """
        now = self.clock.now()
        d = deliveries.c
        lost = d.lease_until < now
        if dead_workers:
            lost = sa.or_(lost, d.worker_id.in_(list(dead_workers)))
        with self.engine.begin() as conn:
            if dead_workers:
                conn.execute(
                    workers.update()
                    .where(workers.c.id.in_(list(dead_workers)), workers.c.exited_at.is_(None))
                    .values(exited_at=now, mailout_id=None)
                )
            stmt = (
                deliveries.update()
                .where(d.mailout_id == mailout_id, d.state == D.CLAIMED.value, lost)
                .values(state=D.UNCERTAIN.value, lease_until=None, updated_at=now)
            )
            return int(conn.execute(stmt).rowcount or 0)
