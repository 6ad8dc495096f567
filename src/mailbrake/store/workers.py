"""The worker registry: register, heartbeat leases, acknowledge stops, recover dead workers.

A worker is alive while its heartbeat lease (`workers.lease_until`) is ahead of the clock;
nothing else (no process id, no host) decides it, so it means the same on every host and
a zombie process is as dead as a vanished one. Hosts' clocks must agree to well within a
lease (NTP).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from mailbrake.errors import MailbrakeError
from mailbrake.models import DeliveryState as D
from mailbrake.store.ledger_base import LedgerBase
from mailbrake.store.tables import deliveries, delivery_control, workers


class LeaseLostError(MailbrakeError):
    """This worker's lease lapsed and others took over its claims: it must stop sending."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(
            f"Worker {worker_id} missed its heartbeat lease; other workers took over its "
            "claims, so it stopped sending.",
            hint="Start it again (`mailbrake worker`); give it a longer --lease if the host "
            "is overloaded.",
        )
        self.worker_id = worker_id


@dataclass(frozen=True, slots=True)
class Recovered:
    """What became of dead workers' claims: may have begun, or certainly not."""

    uncertain: int
    requeued: int


class WorkerOps(LedgerBase):
    def register_worker(
        self, worker_id: str, host: str, pid: int, lease_seconds: float = 15.0
    ) -> int:
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
                    lease_until=now + timedelta(seconds=lease_seconds),
                    stop_ack=generation,
                )
            )
        return generation

    def heartbeat(self, worker_id: str, mailout_id: int | None, lease_seconds: float) -> bool:
        """Renew the worker's lease; False when it was declared dead (its lease lapsed and
        another worker recovered its claims): it must stop sending. A lapsed lease that
        nobody acted on yet is simply renewed: nothing of this worker's was handed out."""
        now = self.clock.now()
        w = workers.c
        with self.engine.begin() as conn:
            renewed = conn.execute(
                workers.update()
                .where(w.id == worker_id, w.exited_at.is_(None))
                .values(
                    heartbeat_at=now,
                    lease_until=now + timedelta(seconds=lease_seconds),
                    mailout_id=mailout_id,
                )
            ).rowcount
        return renewed == 1

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
            # The worker's row first, then its claims: the order every writer locks them in.
            conn.execute(
                workers.update()
                .where(workers.c.id == worker_id, workers.c.stop_ack < generation)
                .values(stop_ack=generation)
            )
            self._release(conn, worker_id, halted, D.HALTED)
            self._release(conn, worker_id, requeued, D.QUEUED)

    def unacked_workers(self, generation: int) -> list[str]:
        """Live workers (lease not lapsed, not exited) that have not seen `generation` yet."""
        w = workers.c
        query = sa.select(w.id).where(
            w.exited_at.is_(None), w.lease_until >= self.clock.now(), w.stop_ack < generation
        )
        with self.engine.connect() as conn:
            return sorted(conn.execute(query).scalars())

    def live_workers(self) -> list[str]:
        w = workers.c
        query = sa.select(w.id).where(w.exited_at.is_(None), w.lease_until >= self.clock.now())
        with self.engine.connect() as conn:
            return sorted(conn.execute(query).scalars())

    def recover_claims(self, mailout_id: int) -> Recovered:
        """Claims of workers whose lease lapsed (or that exited holding them) are settled.

        A claim at or below its worker's committed `started_upto` mark may have had its
        MAIL FROM written: nobody knows whether it reached the relay, so it becomes
        `uncertain` (an attempt is counted; `mailbrake resend-uncertain` decides). A claim
        above the mark was certainly never begun and goes back to the queue.
        """
        now = self.clock.now()
        w, d = workers.c, deliveries.c
        lapsed = sa.and_(w.exited_at.is_(None), w.lease_until.is_(None) | (w.lease_until < now))
        live = sa.select(w.id).where(w.exited_at.is_(None), w.lease_until >= now)
        mark = sa.select(w.started_upto).where(w.id == d.worker_id).scalar_subquery()
        begun = d.id <= sa.func.coalesce(mark, d.id)  # no worker row: assume it began
        held = sa.and_(
            d.mailout_id == mailout_id,
            d.state == D.CLAIMED.value,
            d.worker_id.not_in(live.scalar_subquery()),
        )
        with self.engine.connect() as conn:  # a cheap read when nobody died (the usual case)
            lapsed_found = conn.execute(sa.select(w.id).where(lapsed).limit(1)).first()
            orphaned = conn.execute(sa.select(d.id).where(held).limit(1)).first()
        if lapsed_found is None and orphaned is None:
            return Recovered(0, 0)
        with self.engine.begin() as conn:
            # The workers' rows first, in id order (two recovering workers never deadlock),
            # then the claims: the order settle_and_claim takes them in.
            dead = conn.execute(
                sa.select(w.id).where(lapsed).order_by(w.id).with_for_update()
            ).scalars()
            conn.execute(
                workers.update().where(w.id.in_(list(dead))).values(exited_at=now, mailout_id=None)
            )
            uncertain = conn.execute(
                deliveries.update()
                .where(held, begun)
                .values(
                    state=D.UNCERTAIN.value,
                    attempts=d.attempts + 1,
                    first_attempt_at=sa.func.coalesce(d.first_attempt_at, d.updated_at),
                    lease_until=None,
                    updated_at=now,
                )
            ).rowcount
            requeued = conn.execute(
                deliveries.update()
                .where(held)
                .values(state=D.QUEUED.value, worker_id=None, lease_until=None, updated_at=now)
            ).rowcount
        return Recovered(int(uncertain or 0), int(requeued or 0))
