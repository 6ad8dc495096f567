"""The delivery ledger: enqueue a mailout, then claim and settle batches of recipients.

Its types live in ledger_base.py and are re-exported here; waves and pauses are in runs.py,
stops in stops.py, the worker registry in workers.py and the read side in ledger_read.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from mailbrake import lifecycle
from mailbrake.errors import NotFoundError
from mailbrake.models import DeliveryState as D
from mailbrake.models import MailoutState as S
from mailbrake.models import Subscriber
from mailbrake.store.ledger_base import (
    ACK_CHANNEL,
    LEDGER_PAGE,
    MAYBE_LEFT,
    PENDING,
    STOP_CHANNEL,
    Claim,
    LedgerBase,
    LedgerEntry,
    Outcome,
    RunInfo,
    StopOrder,
)
from mailbrake.store.ledger_waves import active_members, wave_bounds, wave_of
from mailbrake.store.tables import (
    deliveries,
    delivery_runs,
    list_members,
    mailouts,
    subscribers,
    workers,
)
from mailbrake.store.workers import LeaseLostError

__all__ = [
    "ACK_CHANNEL",
    "LEDGER_PAGE",
    "MAYBE_LEFT",
    "PENDING",
    "STOP_CHANNEL",
    "Claim",
    "LeaseLostError",
    "LedgerEntry",
    "LedgerOps",
    "Outcome",
    "RunInfo",
    "StopOrder",
]


class LedgerOps(LedgerBase):
    if TYPE_CHECKING:  # provided by LedgerReadOps in the Store

        def run_info(self, mailout_id: int) -> RunInfo: ...

    # -- starting a run ---------------------------------------------------------------

    def start_run(
        self,
        mailout_id: int,
        wave_sizes: Callable[[int], Sequence[int | None]],
        options: dict[str, Any],
        *,
        actor: str = "system",
    ) -> RunInfo:
        """scheduled -> sending: one ledger row per active recipient, in one transaction.

        wave_sizes: recipients per wave for a list of N (None: "the rest"); the merged
        `options` are stored on the mailout.
        """
        now = self.clock.now()
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(mailouts.c.state, mailouts.c.list_id, mailouts.c.options)
                .where(mailouts.c.id == mailout_id)
                .with_for_update()
            ).first()
            if row is None:
                raise NotFoundError("mailout", mailout_id)
            lifecycle.check_change(mailout_id, S(row.state), S.SENDING)
            total, wave_count = self._enqueue(conn, mailout_id, row.list_id, wave_sizes)
            conn.execute(
                delivery_runs.insert().values(
                    mailout_id=mailout_id,
                    total=total,
                    wave_count=wave_count,
                    current_wave=0,
                    enqueued_at=now,
                )
            )
            merged = {**dict(row.options or {}), **options}
            self._cas_state(
                conn, actor, mailout_id, S(row.state), S.SENDING, reason="", options=merged
            )
        return self.run_info(mailout_id)

    def _enqueue(
        self,
        conn: sa.Connection,
        mailout_id: int,
        list_id: int,
        wave_sizes: Callable[[int], Sequence[int | None]],
    ) -> tuple[int, int]:
        joined = list_members.join(subscribers)
        total = int(
            conn.execute(
                sa.select(sa.func.count()).select_from(joined).where(active_members(list_id))
            ).scalar_one()
        )
        bounds = wave_bounds(wave_sizes(total), total)
        rank = sa.func.row_number().over(order_by=subscribers.c.id)
        wave: sa.ColumnElement[Any] = sa.literal(0)
        if len(bounds) > 1:
            wave = wave_of(rank, bounds)
        chosen = (
            sa.select(
                sa.literal(mailout_id),
                subscribers.c.id,
                subscribers.c.email,
                wave,
                sa.literal(D.QUEUED.value),
            )
            .select_from(joined)
            .where(active_members(list_id))
        )
        columns = ["mailout_id", "subscriber_id", "email", "wave", "state"]
        conn.execute(deliveries.insert().from_select(columns, chosen))
        return total, len(bounds)

    # -- claiming and settling ------------------------------------------------------------

    def settle_and_claim(
        self,
        mailout_id: int,
        worker_id: str,
        outcomes: Sequence[Outcome],
        limit: int,
        started_upto: int = 0,
    ) -> list[Claim]:
        """Mark, record outcomes and claim up to `limit` more, in one short write transaction.

        `started_upto`: the worker may begin its claims up to this delivery id once this
        commits (a lapsed worker's claims above it go back to the queue, not to uncertain).
        Raises LeaseLostError, after recording the outcomes, when the worker was declared
        dead meanwhile. Nothing is claimed unless the mailout is sending; deferred rows
        whose retry time has come go first, then queued rows of the current wave.
        """
        now = self.clock.now()
        with self.engine.begin() as conn:
            # The worker's row first, then the ledger rows: the order recovery locks them in.
            lost = self._mark_started(conn, worker_id, started_upto)
            self._record(conn, worker_id, outcomes, now)
            if limit <= 0 or lost:
                claims: list[Claim] = []
            else:
                claims = self._claim_next(conn, mailout_id, worker_id, limit, now)
        if lost:
            raise LeaseLostError(worker_id)
        return claims

    def _mark_started(self, conn: sa.Connection, worker_id: str, started_upto: int) -> bool:
        """Write the worker's mark; True if it was declared dead (an unregistered id is not)."""
        w = workers.c
        exited = conn.execute(
            workers.update()
            .where(w.id == worker_id)
            .values(started_upto=started_upto)
            .returning(w.exited_at)
        ).first()
        return exited is not None and exited[0] is not None

    def _claim_next(
        self, conn: sa.Connection, mailout_id: int, worker_id: str, limit: int, now: datetime
    ) -> list[Claim]:
        state, wave = self._state_and_wave(conn, mailout_id)
        if state is not S.SENDING or wave is None:
            return []
        claimed = self._claim(conn, mailout_id, worker_id, limit, now, wave, True)
        if len(claimed) < limit:
            more = limit - len(claimed)
            claimed += self._claim(conn, mailout_id, worker_id, more, now, wave, False)
        return self._with_subscribers(conn, claimed)

    def record_outcomes(self, worker_id: str, outcomes: Sequence[Outcome]) -> None:
        with self.engine.begin() as conn:
            self._record(conn, worker_id, outcomes, self.clock.now())

    def _record(
        self, conn: sa.Connection, worker_id: str, outcomes: Sequence[Outcome], now: datetime
    ) -> None:
        if not outcomes:
            return
        d = deliveries.c
        # A late reply may correct an "uncertain" set by lease recovery; anything else
        # (requeued, claimed by another worker) is no longer ours to write.
        stmt = (
            deliveries.update()
            .where(
                d.id == sa.bindparam("did"),
                d.worker_id == sa.bindparam("wid"),
                sa.or_(d.state == D.CLAIMED.value, d.state == D.UNCERTAIN.value),
            )
            .values(
                state=sa.bindparam("new_state"),
                smtp_code=sa.bindparam("code"),
                smtp_reply=sa.bindparam("reply"),
                message_id=sa.func.coalesce(sa.bindparam("mid"), d.message_id),
                sent_at=sa.bindparam("at"),
                next_attempt_at=sa.bindparam("retry_at"),
                attempts=d.attempts + sa.bindparam("tried"),
                first_attempt_at=sa.func.coalesce(d.first_attempt_at, sa.bindparam("first")),
                lease_until=None,
                updated_at=now,
            )
        )
        rows = [
            {
                "did": o.delivery_id,
                "wid": worker_id,
                "new_state": o.state.value,
                "code": o.code,
                "reply": o.reply,
                "mid": o.message_id,
                "at": o.at,
                "retry_at": o.next_attempt_at,
                "tried": 1 if o.tried else 0,
                "first": (o.at or now) if o.tried else None,
            }
            for o in outcomes
        ]
        conn.execute(stmt, rows)

    def _claim(
        self,
        conn: sa.Connection,
        mailout_id: int,
        worker_id: str,
        limit: int,
        now: datetime,
        wave: int,
        retries: bool,
    ) -> list[tuple[int, int, str, int]]:
        d = deliveries.c
        if retries:
            due = sa.and_(d.state == D.DEFERRED.value, d.wave <= wave, d.next_attempt_at <= now)
        else:
            due = sa.and_(d.state == D.QUEUED.value, d.wave == wave)
        pick = (
            sa.select(d.id)
            .where(d.mailout_id == mailout_id, due)
            .order_by(d.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        stmt = (
            deliveries.update()
            .where(d.id.in_(pick.scalar_subquery()))
            .values(state=D.CLAIMED.value, worker_id=worker_id, updated_at=now)
            .returning(d.id, d.subscriber_id, d.email, d.attempts)
        )
        return [(r[0], r[1], r[2], r[3]) for r in conn.execute(stmt)]

    def _with_subscribers(
        self, conn: sa.Connection, claimed: list[tuple[int, int, str, int]]
    ) -> list[Claim]:
        if not claimed:
            return []
        s = subscribers.c
        ids = [sid for _, sid, _, _ in claimed]
        found = {
            r.id: r
            for r in conn.execute(sa.select(s.id, s.name, s.attributes).where(s.id.in_(ids)))
        }
        claims = []
        for delivery_id, sid, email, attempts in sorted(claimed):
            row = found[sid]
            person = Subscriber(sid, email, row.name, dict(row.attributes or {}))
            claims.append(Claim(delivery_id, attempts, person))
        return claims

    def release_claims(self, worker_id: str, ids: Sequence[int], to: D) -> int:
        """Give back claims that never reached SMTP: `halted` after a stop, else `queued`."""
        if not ids:
            return 0
        with self.engine.begin() as conn:
            return self._release(conn, worker_id, ids, to)
