"""The delivery ledger: enqueue a mailout, claim and settle batches, stop, recover, read back."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from mailbrake import lifecycle
from mailbrake.errors import ConflictError, NotFoundError, StateError
from mailbrake.models import DeliveryState as D
from mailbrake.models import MailoutState as S
from mailbrake.models import Subscriber, SubscriberStatus
from mailbrake.store.base import StoreBase
from mailbrake.store.tables import (
    deliveries,
    delivery_control,
    delivery_runs,
    list_members,
    mailouts,
    subscribers,
    workers,
)

STOP_CHANNEL = "mailbrake_stop"
PENDING = (D.QUEUED.value, D.CLAIMED.value, D.DEFERRED.value)
# A stop turns a mailout to halted (not cancelled) once any of these exist: it may have left.
MAYBE_LEFT = (D.SENT.value, D.CLAIMED.value, D.UNCERTAIN.value)
LEDGER_PAGE = 5_000


@dataclass(frozen=True, slots=True)
class Claim:
    """One recipient a worker now holds: send it, then settle it with an Outcome."""

    delivery_id: int
    attempts: int
    subscriber: Subscriber


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one claimed delivery. `tried` counts it as an SMTP attempt."""

    delivery_id: int
    state: D
    code: int | None = None
    reply: str | None = None
    message_id: str | None = None
    at: datetime | None = None
    next_attempt_at: datetime | None = None
    tried: bool = True


@dataclass(frozen=True, slots=True)
class RunInfo:
    mailout_id: int
    total: int
    wave_count: int
    current_wave: int
    enqueued_at: datetime
    wave_done_at: datetime | None
    auto_resume_at: datetime | None


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: int
    email: str
    subscriber_id: int
    state: D
    wave: int
    attempts: int
    smtp_code: int | None
    smtp_reply: str | None
    message_id: str | None
    sent_at: datetime | None
    updated_at: datetime | None
    worker_id: str | None


@dataclass(frozen=True, slots=True)
class StopOrder:
    """A committed stop: the generation workers must acknowledge, and what changed."""

    generation: int
    changes: list[tuple[int, S, S]]  # (mailout id, before, after)
    already: list[tuple[int, S]]  # named mailouts that were final already


def _active_members(list_id: int) -> sa.ColumnElement[bool]:
    # The same rule as RecipientOps: both the membership and the subscriber are active.
    active = SubscriberStatus.ACTIVE.value
    return sa.and_(
        list_members.c.list_id == list_id,
        list_members.c.status == active,
        subscribers.c.status == active,
    )


def _wave_of(rank: sa.ColumnElement[Any], bounds: Sequence[int]) -> sa.ColumnElement[Any]:
    """Wave number from a 1-based rank and cumulative wave upper bounds."""
    whens = [(rank <= bound, index) for index, bound in enumerate(bounds[:-1])]
    return sa.case(*whens, else_=len(bounds) - 1)


class LedgerOps(StoreBase):
    if TYPE_CHECKING:  # provided by MailoutOps in the Store

        def audit_state_change(
            self, conn: sa.Connection, actor: str, mailout_id: int, details: dict[str, Any]
        ) -> None: ...

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
                sa.select(sa.func.count()).select_from(joined).where(_active_members(list_id))
            ).scalar_one()
        )
        bounds = _bounds(wave_sizes(total), total)
        rank = sa.func.row_number().over(order_by=subscribers.c.id)
        wave: sa.ColumnElement[Any] = sa.literal(0)
        if len(bounds) > 1:
            wave = _wave_of(rank, bounds)
        chosen = (
            sa.select(
                sa.literal(mailout_id),
                subscribers.c.id,
                subscribers.c.email,
                wave,
                sa.literal(D.QUEUED.value),
            )
            .select_from(joined)
            .where(_active_members(list_id))
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
        lease_seconds: float,
    ) -> list[Claim]:
        """Record outcomes and claim up to `limit` more, in one short write transaction.

        Nothing is claimed unless the mailout is sending; deferred rows whose retry time
        has come go first, then queued rows of the current wave in ledger order.
        """
        now = self.clock.now()
        with self.engine.begin() as conn:
            self._record(conn, worker_id, outcomes, now)
            if limit <= 0:
                return []
            state, wave = self._state_and_wave(conn, mailout_id)
            if state is not S.SENDING or wave is None:
                return []
            lease = now + timedelta(seconds=lease_seconds)
            claimed = self._claim(conn, mailout_id, worker_id, limit, lease, now, wave, True)
            if len(claimed) < limit:
                more = limit - len(claimed)
                claimed += self._claim(conn, mailout_id, worker_id, more, lease, now, wave, False)
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
            }
            for o in outcomes
        ]
        conn.execute(stmt, rows)

    def _state_and_wave(
        self, conn: sa.Connection, mailout_id: int, *, lock: bool = False
    ) -> tuple[S, int | None]:
        """The mailout's state and current wave; `lock` holds its row until the commit.

        Every state change locks the mailout row first, then the stop counter, then the
        audit chain: one order everywhere, so concurrent workers and stops never deadlock.
        """
        query = (
            sa.select(mailouts.c.state, delivery_runs.c.current_wave)
            .select_from(mailouts.outerjoin(delivery_runs))
            .where(mailouts.c.id == mailout_id)
        )
        if lock:
            query = query.with_for_update(of=mailouts)
        row = conn.execute(query).first()
        if row is None:
            raise NotFoundError("mailout", mailout_id)
        return S(row.state), row.current_wave

    def _claim(
        self,
        conn: sa.Connection,
        mailout_id: int,
        worker_id: str,
        limit: int,
        lease: datetime,
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
            .values(state=D.CLAIMED.value, worker_id=worker_id, lease_until=lease, updated_at=now)
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

    def _release(self, conn: sa.Connection, worker_id: str, ids: Sequence[int], to: D) -> int:
        if not ids:
            return 0
        d = deliveries.c
        stmt = (
            deliveries.update()
            .where(d.id.in_(list(ids)), d.worker_id == worker_id, d.state == D.CLAIMED.value)
            .values(state=to.value, lease_until=None, updated_at=self.clock.now())
        )
        return int(conn.execute(stmt).rowcount or 0)

    # -- waves, pauses and the end of a run -------------------------------------------------

    def pending_in_wave(self, mailout_id: int) -> int:
        with self.engine.connect() as conn:
            _, wave = self._state_and_wave(conn, mailout_id)
            return self._pending(conn, mailout_id, wave or 0)

    def _pending(self, conn: sa.Connection, mailout_id: int, wave: int) -> int:
        d = deliveries.c
        query = sa.select(sa.func.count()).where(
            d.mailout_id == mailout_id, d.state.in_(PENDING), d.wave <= wave
        )
        return int(conn.execute(query).scalar_one())

    def next_retry_at(self, mailout_id: int) -> datetime | None:
        d = deliveries.c
        query = sa.select(sa.func.min(d.next_attempt_at)).where(
            d.mailout_id == mailout_id, d.state == D.DEFERRED.value
        )
        with self.engine.connect() as conn:
            value: datetime | None = conn.execute(query).scalar()
        return value

    def close_wave(
        self, mailout_id: int, auto_resume_after: float | None, *, actor: str = "system"
    ) -> S | None:
        """If nothing is pending in the current wave: pause after it, or finish the run.

        The last wave ends in `done`, or in `paused` when some recipients are uncertain (a
        person decides whether to resend them). Returns the new state, or None.
        """
        now = self.clock.now()
        with self.engine.begin() as conn:
            state, wave = self._state_and_wave(conn, mailout_id, lock=True)
            if state is not S.SENDING or wave is None:
                return None
            if self._pending(conn, mailout_id, wave):
                return None
            run = self._run_row(conn, mailout_id)
            if wave < run.wave_count - 1:
                resume_at = None
                if auto_resume_after is not None:
                    resume_at = now + timedelta(seconds=auto_resume_after)
                conn.execute(
                    delivery_runs.update()
                    .where(delivery_runs.c.mailout_id == mailout_id)
                    .values(wave_done_at=now, auto_resume_at=resume_at)
                )
                reason = (
                    "canary wave done" if wave == 0 else f"wave {wave + 1} of {run.wave_count} done"
                )
                self._bump_generation(conn)
                self._cas_state(conn, actor, mailout_id, S.SENDING, S.PAUSED, reason=reason)
                return S.PAUSED
            uncertain = self._count(conn, mailout_id, D.UNCERTAIN)
            if uncertain and not run.uncertain_ok:
                reason = (
                    f"{uncertain} recipients uncertain; list them with `mailbrake ledger "
                    f"{mailout_id} --state uncertain`, then `mailbrake resend-uncertain "
                    f"{mailout_id}` or `mailbrake resume {mailout_id}` to finish without them"
                )
                self._cas_state(conn, actor, mailout_id, S.SENDING, S.PAUSED, reason=reason)
                return S.PAUSED
            self._cas_state(conn, actor, mailout_id, S.SENDING, S.DONE)
            return S.DONE

    def pause(self, mailout_id: int, reason: str, *, actor: str = "system") -> bool:
        """sending -> paused with a reason; False if it was not sending any more."""
        with self.engine.begin() as conn:
            state, _ = self._state_and_wave(conn, mailout_id, lock=True)
            if state is not S.SENDING:
                return False
            self._clear_auto_resume(conn, mailout_id)
            self._bump_generation(conn)
            self._cas_state(conn, actor, mailout_id, S.SENDING, S.PAUSED, reason=reason)
            return True

    def resume(self, mailout_id: int, *, only_if_due: bool = False, actor: str = "system") -> bool:
        """paused -> sending, moving on to the next wave when the current one is finished.

        only_if_due: resume only if the run's auto-resume time has come (canary wait).
        """
        now = self.clock.now()
        with self.engine.begin() as conn:
            state, wave = self._state_and_wave(conn, mailout_id, lock=True)
            if only_if_due and state is not S.PAUSED:
                return False
            lifecycle.check_change(mailout_id, state, S.SENDING)
            if wave is None:
                raise StateError(mailout_id, state.value, "sending", [])
            run = self._run_row(conn, mailout_id)
            if only_if_due and (run.auto_resume_at is None or run.auto_resume_at > now):
                return False
            finished = not self._pending(conn, mailout_id, wave)
            if finished:
                last = wave >= run.wave_count - 1
                conn.execute(
                    delivery_runs.update()
                    .where(delivery_runs.c.mailout_id == mailout_id)
                    .values(current_wave=wave if last else wave + 1, uncertain_ok=last)
                )
            self._clear_auto_resume(conn, mailout_id)
            self._cas_state(conn, actor, mailout_id, state, S.SENDING, reason="")
            return True

    def due_auto_resumes(self) -> list[int]:
        query = (
            sa.select(mailouts.c.id)
            .join(delivery_runs)
            .where(
                mailouts.c.state == S.PAUSED.value,
                delivery_runs.c.auto_resume_at <= self.clock.now(),
            )
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def next_auto_resume(self) -> datetime | None:
        query = (
            sa.select(sa.func.min(delivery_runs.c.auto_resume_at))
            .join(mailouts)
            .where(mailouts.c.state == S.PAUSED.value)
        )
        with self.engine.connect() as conn:
            value: datetime | None = conn.execute(query).scalar()
        return value

    def requeue_uncertain(self, mailout_id: int) -> int:
        """Put uncertain recipients back in the queue; they keep their Message-ID."""
        d = deliveries.c
        with self.engine.begin() as conn:
            state, _ = self._state_and_wave(conn, mailout_id, lock=True)
            if state not in (S.PAUSED, S.SENDING):
                allowed = ["paused", "sending"]
                raise StateError(
                    mailout_id, state.value, "a resend of uncertain recipients", allowed
                )
            stmt = (
                deliveries.update()
                .where(d.mailout_id == mailout_id, d.state == D.UNCERTAIN.value)
                .values(state=D.QUEUED.value, worker_id=None, updated_at=self.clock.now())
            )
            return int(conn.execute(stmt).rowcount or 0)

    def _clear_auto_resume(self, conn: sa.Connection, mailout_id: int) -> None:
        conn.execute(
            delivery_runs.update()
            .where(delivery_runs.c.mailout_id == mailout_id)
            .values(auto_resume_at=None)
        )

    def _run_row(self, conn: sa.Connection, mailout_id: int) -> Any:
        return conn.execute(
            sa.select(delivery_runs).where(delivery_runs.c.mailout_id == mailout_id)
        ).one()

    def _count(self, conn: sa.Connection, mailout_id: int, state: D) -> int:
        d = deliveries.c
        query = sa.select(sa.func.count()).where(d.mailout_id == mailout_id, d.state == state.value)
        return int(conn.execute(query).scalar_one())

    def _cas_state(
        self,
        conn: sa.Connection,
        actor: str,
        mailout_id: int,
        current: S,
        wanted: S,
        *,
        reason: str | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        """The lifecycle's compare-and-set and its audit event, in the caller's transaction.

        The audit event locks the chain head until the commit, so callers do this last.
        """
        lifecycle.check_change(mailout_id, current, wanted)
        now = self.clock.now()
        values: dict[str, Any] = {"state": wanted.value, "updated_at": now}
        if reason is not None:
            values["paused_reason"] = reason
        if options is not None:
            values["options"] = options
        if wanted is S.SENDING:
            values["started_at"] = sa.func.coalesce(mailouts.c.started_at, now)
        if wanted in lifecycle.FINAL:
            values["finished_at"] = now
        changed = conn.execute(
            mailouts.update()
            .where(mailouts.c.id == mailout_id, mailouts.c.state == current.value)
            .values(**values)
        ).rowcount
        if changed != 1:
            raise ConflictError(
                f"Mailout {mailout_id} changed state while this command ran; "
                f"check `mailbrake status {mailout_id}` and try again."
            )
        details = {"from": str(current), "to": str(wanted), "reason": reason or ""}
        self.audit_state_change(conn, actor, mailout_id, details)

    def _bump_generation(self, conn: sa.Connection) -> int:
        """Tell every worker to re-read mailout states (and, on PostgreSQL, wake them now)."""
        c = delivery_control.c
        generation = int(
            conn.execute(
                delivery_control.update()
                .where(c.id == 1)
                .values(stop_generation=c.stop_generation + 1)
                .returning(c.stop_generation)
            ).scalar_one()
        )
        if self.is_postgres:
            conn.execute(sa.select(sa.func.pg_notify(STOP_CHANNEL, str(generation))))
        return generation

    # -- stopping -----------------------------------------------------------------------------

    def request_stop(
        self, mailout_ids: Sequence[int] | None, *, actor: str = "system"
    ) -> StopOrder:
        """Commit the stop of the named mailouts (None: every stoppable one) in one transaction."""
        now = self.clock.now()
        changes: list[tuple[int, S, S]] = []
        already: list[tuple[int, S]] = []
        with self.engine.begin() as conn:
            for mailout_id, state in self._stop_candidates(conn, mailout_ids):
                if state in lifecycle.FINAL:
                    already.append((mailout_id, state))
                    continue
                if state not in lifecycle.STOPPABLE:
                    allowed = sorted(s.value for s in lifecycle.ALLOWED[state])
                    raise StateError(mailout_id, state.value, "halted", allowed)
                target = lifecycle.stop_target(state, self._maybe_left(conn, mailout_id))
                changes.append((mailout_id, state, target))
            generation = self._bump_generation(conn)
            for mailout_id, state, target in changes:
                conn.execute(
                    delivery_runs.update()
                    .where(delivery_runs.c.mailout_id == mailout_id)
                    .values(stopped_at=now, auto_resume_at=None)
                )
                reason = f"stopped by {actor}"
                self._cas_state(conn, actor, mailout_id, state, target, reason=reason)
        return StopOrder(generation, changes, already)

    def _stop_candidates(
        self, conn: sa.Connection, mailout_ids: Sequence[int] | None
    ) -> list[tuple[int, S]]:
        query = sa.select(mailouts.c.id, mailouts.c.state).order_by(mailouts.c.id).with_for_update()
        if mailout_ids is None:
            query = query.where(mailouts.c.state.in_([s.value for s in lifecycle.STOPPABLE]))
        else:
            query = query.where(mailouts.c.id.in_(list(mailout_ids)))
        found = [(int(r.id), S(r.state)) for r in conn.execute(query)]
        missing = set(mailout_ids or ()) - {i for i, _ in found}
        if missing:
            raise NotFoundError("mailout", min(missing), hint="See `mailbrake mailouts list`.")
        return found

    def _maybe_left(self, conn: sa.Connection, mailout_id: int) -> bool:
        d = deliveries.c
        query = sa.select(d.id).where(d.mailout_id == mailout_id, d.state.in_(MAYBE_LEFT)).limit(1)
        return conn.execute(query).first() is not None

    def halt_remaining(self, mailout_id: int) -> int:
        """After a stop: every recipient not yet handed to SMTP becomes `halted`."""
        d = deliveries.c
        stmt = (
            deliveries.update()
            .where(d.mailout_id == mailout_id, d.state.in_([D.QUEUED.value, D.DEFERRED.value]))
            .values(state=D.HALTED.value, updated_at=self.clock.now())
        )
        with self.engine.begin() as conn:
            return int(conn.execute(stmt).rowcount or 0)

    def stop_generation(self) -> int:
        query = sa.select(delivery_control.c.stop_generation).where(delivery_control.c.id == 1)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    # -- reading ----------------------------------------------------------------------------

    def run_info(self, mailout_id: int) -> RunInfo:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(delivery_runs).where(delivery_runs.c.mailout_id == mailout_id)
            ).first()
        if row is None:
            raise NotFoundError(
                "delivery run for mailout", mailout_id, hint="It was never started."
            )
        return RunInfo(
            row.mailout_id,
            row.total,
            row.wave_count,
            row.current_wave,
            row.enqueued_at,
            row.wave_done_at,
            row.auto_resume_at,
        )

    def find_run(self, mailout_id: int) -> RunInfo | None:
        try:
            return self.run_info(mailout_id)
        except NotFoundError:
            return None

    def delivery_counts(self, mailout_id: int) -> dict[D, int]:
        d = deliveries.c
        query = (
            sa.select(d.state, sa.func.count()).where(d.mailout_id == mailout_id).group_by(d.state)
        )
        with self.engine.connect() as conn:
            found = {D(state): int(n) for state, n in conn.execute(query)}
        return {state: found.get(state, 0) for state in D}

    def iter_ledger(
        self, mailout_id: int, state: D | None = None, page: int = LEDGER_PAGE
    ) -> Iterator[LedgerEntry]:
        """Every ledger row in id order, one short read per page (never all in memory)."""
        d = deliveries.c
        last = 0
        while True:
            query = sa.select(deliveries).where(d.mailout_id == mailout_id, d.id > last)
            if state is not None:
                query = query.where(d.state == state.value)
            with self.engine.connect() as conn:
                rows = conn.execute(query.order_by(d.id).limit(page)).all()
            yield from (_entry(r) for r in rows)
            if len(rows) < page:
                return
            last = rows[-1].id

    def find_delivery(self, mailout_id: int, email: str) -> LedgerEntry | None:
        """The ledger row of one address (through the subscriber's unique key when it exists)."""
        d = deliveries.c
        wanted = email.strip()
        person = sa.select(subscribers.c.id).where(
            subscribers.c.email.in_([wanted, wanted.lower()])
        )
        query = sa.select(deliveries).where(
            d.mailout_id == mailout_id,
            sa.or_(d.subscriber_id.in_(person.scalar_subquery()), d.email == wanted),
        )
        with self.engine.connect() as conn:
            row = conn.execute(query.limit(1)).first()
        return None if row is None else _entry(row)

    def sent_since(self, mailout_id: int, since: datetime) -> int:
        d = deliveries.c
        query = sa.select(sa.func.count()).where(
            d.mailout_id == mailout_id, d.state == D.SENT.value, d.sent_at >= since
        )
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def mailout_times(self, mailout_id: int) -> tuple[datetime | None, datetime | None]:
        """(started_at, finished_at) of a mailout."""
        m = mailouts.c
        query = sa.select(m.started_at, m.finished_at).where(m.id == mailout_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return (row.started_at, row.finished_at) if row is not None else (None, None)

    def delivery_states(self, mailout_id: int, ids: Sequence[int]) -> dict[int, D]:
        d = deliveries.c
        query = sa.select(d.id, d.state).where(d.mailout_id == mailout_id, d.id.in_(list(ids)))
        with self.engine.connect() as conn:
            return {int(r.id): D(r.state) for r in conn.execute(query)}

    def mailout_states(self, mailout_ids: Sequence[int]) -> dict[int, S]:
        query = sa.select(mailouts.c.id, mailouts.c.state).where(
            mailouts.c.id.in_(list(mailout_ids))
        )
        with self.engine.connect() as conn:
            return {int(r.id): S(r.state) for r in conn.execute(query)}

    def mailouts_in(self, state: S) -> list[int]:
        query = sa.select(mailouts.c.id).where(mailouts.c.state == state.value)
        with self.engine.connect() as conn:
            return [int(i) for i in conn.execute(query.order_by(mailouts.c.id)).scalars()]

    # -- workers --------------------------------------------------------------------------

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
            self._release(conn, worker_id, halted, D.HALTED)
            self._release(conn, worker_id, requeued, D.QUEUED)
            conn.execute(
                workers.update()
                .where(workers.c.id == worker_id, workers.c.stop_ack < generation)
                .values(stop_ack=generation)
            )

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


def _bounds(sizes: Sequence[int | None], total: int) -> list[int]:
    """Cumulative upper bounds of each non-empty wave; the last one is always `total`."""
    bounds: list[int] = []
    reached = 0
    for size in sizes:
        reached = total if size is None else min(total, reached + size)
        if bounds and reached == bounds[-1]:
            continue
        bounds.append(reached)
        if reached >= total:
            break
    if not bounds or bounds[-1] < total:
        bounds.append(total)
    return bounds


def _entry(row: Any) -> LedgerEntry:
    return LedgerEntry(
        id=row.id,
        email=row.email,
        subscriber_id=row.subscriber_id,
        state=D(row.state),
        wave=row.wave,
        attempts=row.attempts,
        smtp_code=row.smtp_code,
        smtp_reply=row.smtp_reply,
        message_id=row.message_id,
        sent_at=row.sent_at,
        updated_at=row.updated_at,
        worker_id=row.worker_id,
    )
