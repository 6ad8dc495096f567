"""Stopping: commit the halt of mailouts and tell every worker; then settle their ledger rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

import sqlalchemy as sa

from mailbrake import lifecycle
from mailbrake.errors import NotFoundError, StateError
from mailbrake.models import DeliveryState as D
from mailbrake.models import MailoutState as S
from mailbrake.store.acks import AckListener
from mailbrake.store.ledger_base import MAYBE_LEFT, STOPPED, UNSENT, LedgerBase, StopOrder
from mailbrake.store.signals import STOP_CHANNEL, named_states
from mailbrake.store.tables import deliveries, delivery_control, delivery_runs, mailouts


class StopOps(LedgerBase):
    def request_stop(
        self, mailout_ids: Sequence[int] | None, *, actor: str = "system"
    ) -> StopOrder:
        """Commit the stop of the named mailouts (None: every stoppable one) in one transaction."""
        now = self.clock.now()
        changes: list[tuple[int, S, S]] = []
        already: list[tuple[int, S]] = []
        with self.engine.begin() as conn:
            for mailout_id, state, maybe_left in self._stop_candidates(conn, mailout_ids):
                if state in lifecycle.FINAL:
                    already.append((mailout_id, state))
                    continue
                if state not in lifecycle.STOPPABLE:
                    allowed = sorted(s.value for s in lifecycle.ALLOWED[state])
                    raise StateError(mailout_id, state.value, "halted", allowed)
                changes.append((mailout_id, state, lifecycle.stop_target(state, maybe_left)))
            # No per-recipient work in here: the rows are settled after the workers answered.
            targets = {mailout_id: target for mailout_id, _, target in changes}
            generation = self._signal_stop(conn, targets, now)
            for mailout_id, state, target in changes:
                reason = f"stopped by {actor}"
                self._cas_state(conn, actor, mailout_id, state, target, reason=reason)
        return StopOrder(generation, changes, already)

    def _signal_stop(self, conn: sa.Connection, targets: dict[int, S], now: datetime) -> int:
        """Bump the generation, notify it (at the commit) and mark the runs stopped."""
        stopped_runs = (
            delivery_runs.update()
            .where(delivery_runs.c.mailout_id.in_(list(targets)))
            .values(stopped_at=now, auto_resume_at=None)
        )
        if not self.is_postgres:
            conn.execute(stopped_runs)
            return self._bump_generation(conn, targets)
        # One round trip instead of three: each one costs milliseconds on a busy server.
        c = delivery_control.c
        bumped = (
            delivery_control.update()
            .where(c.id == 1)
            .values(stop_generation=c.stop_generation + 1)
            .returning(c.stop_generation)
            .cte("bumped")
        )
        payload = sa.cast(bumped.c.stop_generation, sa.Text) + named_states(targets)
        query = sa.select(bumped.c.stop_generation, sa.func.pg_notify(STOP_CHANNEL, payload))
        return int(conn.execute(query.add_cte(stopped_runs.cte("runs"))).scalar_one())

    def _stop_candidates(
        self, conn: sa.Connection, mailout_ids: Sequence[int] | None
    ) -> list[tuple[int, S, bool]]:
        """(id, state, whether a message may have left) of each mailout, locked."""
        d = deliveries.c
        maybe_left = sa.exists().where(d.mailout_id == mailouts.c.id, d.state.in_(MAYBE_LEFT))
        query = (
            sa.select(mailouts.c.id, mailouts.c.state, maybe_left.label("maybe_left"))
            .order_by(mailouts.c.id)
            .with_for_update(of=mailouts)
        )
        if mailout_ids is None:
            query = query.where(mailouts.c.state.in_([s.value for s in lifecycle.STOPPABLE]))
        else:
            query = query.where(mailouts.c.id.in_(list(mailout_ids)))
        found = [(int(r.id), S(r.state), bool(r.maybe_left)) for r in conn.execute(query)]
        missing = set(mailout_ids or ()) - {i for i, _, _ in found}
        if missing:
            raise NotFoundError("mailout", min(missing), hint="See `mailbrake mailouts list`.")
        return found

    def halt_remaining(self, mailout_id: int) -> int:
        """After a stop: every recipient not yet handed to SMTP becomes `halted`.

        Until this has run, the read verbs already show those rows as halted (the mailout is
        halted and no worker claims from it), so it need not delay the stop's return.
        """
        d = deliveries.c
        stmt = (
            deliveries.update()
            .where(d.mailout_id == mailout_id, d.state.in_(UNSENT))
            .values(state=D.HALTED.value, updated_at=self.clock.now())
        )
        with self.engine.begin() as conn:
            return int(conn.execute(stmt).rowcount or 0)

    def stop_outcome(self, mailout_id: int) -> tuple[dict[D, int], list[int]]:
        """A stopped mailout's counts (unsent rows as halted) and the ids still claimed.

        One round trip (the stopper reads it while it waits for the workers' answers).
        """
        d = deliveries.c
        mine = d.mailout_id == mailout_id
        by_state = sa.select(d.state, sa.func.count(), sa.null()).where(mine).group_by(d.state)
        claimed = sa.select(sa.literal("#"), sa.literal(0), d.id).where(
            mine, d.state == D.CLAIMED.value
        )
        found: dict[D, int] = {}
        in_flight: list[int] = []
        with self.engine.connect() as conn:
            for state, count, claimed_id in conn.execute(by_state.union_all(claimed)):
                if state == "#":
                    in_flight.append(int(claimed_id))
                else:
                    found[D(state)] = int(count)
        counts = {state: found.get(state, 0) for state in D}
        for unsent in (D.QUEUED, D.DEFERRED):
            counts[D.HALTED] += counts[unsent]
            counts[unsent] = 0
        return counts, sorted(in_flight)

    def settle_stopped(self) -> int:
        """Halt the unsent rows of every stopped mailout whose stop was not settled (a stopper
        that died before its bookkeeping); a cheap read when there is nothing to do."""
        d = deliveries.c
        stopped = sa.select(mailouts.c.id).where(mailouts.c.state.in_(STOPPED))
        unsettled = sa.and_(d.mailout_id.in_(stopped.scalar_subquery()), d.state.in_(UNSENT))
        with self.engine.connect() as conn:
            found = conn.execute(sa.select(d.mailout_id).where(unsettled).limit(1)).first()
        if found is None:
            return 0
        stmt = (
            deliveries.update()
            .where(unsettled)
            .values(state=D.HALTED.value, updated_at=self.clock.now())
        )
        with self.engine.begin() as conn:
            return int(conn.execute(stmt).rowcount or 0)

    @contextmanager
    def listen_for_acks(self) -> Iterator[AckListener]:
        """Hear workers acknowledge stops while inside (LISTEN on PostgreSQL; SQLite: a
        listener that hears nothing, and the stopper reads the workers table instead)."""
        if not self.is_postgres:
            yield AckListener(None)
            return
        proxy = self.engine.raw_connection()
        try:
            with AckListener.open(proxy.driver_connection) as listener:
                yield listener
        finally:
            proxy.close()

    def stop_generation(self) -> int:
        query = sa.select(delivery_control.c.stop_generation).where(delivery_control.c.id == 1)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())
