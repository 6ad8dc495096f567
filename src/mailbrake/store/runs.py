"""Runs of a mailout: waves, pauses, resumes (by hand or timed) and resending the uncertain."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from mailbrake import lifecycle
from mailbrake.errors import MailbrakeError, StateError
from mailbrake.models import DeliveryState as D
from mailbrake.models import MailoutState as S
from mailbrake.store.ledger_base import LedgerBase
from mailbrake.store.tables import deliveries, delivery_runs, mailouts


class RunOps(LedgerBase):
    if TYPE_CHECKING:  # provided by AuditOps in the Store

        def record_event(
            self,
            actor: str,
            action: str,
            object_type: str,
            object_id: str | int,
            details: Mapping[str, Any] | None = None,
            *,
            conn: sa.Connection | None = None,
        ) -> Any: ...

    def pending_in_wave(self, mailout_id: int) -> int:
        with self.engine.connect() as conn:
            _, wave = self._state_and_wave(conn, mailout_id)
            return self._pending(conn, mailout_id, wave or 0)

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
                self._bump_generation(conn, {mailout_id: S.PAUSED})
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
            self._bump_generation(conn, {mailout_id: S.PAUSED})
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
                raise MailbrakeError(
                    f"Mailout {mailout_id} is {state.value} and has not started sending; only "
                    "a paused mailout can be resumed."
                )
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

    def requeue_uncertain(self, mailout_id: int, *, actor: str = "system") -> int:
        """Put uncertain recipients back in the queue; they keep their Message-ID.

        Each row counts the resend (those recipients may get two copies: `ledger --state
        resent` lists them) and keeps its first attempt's time; the audit trail records who
        resent how many, in the same transaction.
        """
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
                .values(
                    state=D.QUEUED.value,
                    worker_id=None,
                    resends=d.resends + 1,
                    updated_at=self.clock.now(),
                )
            )
            count = int(conn.execute(stmt).rowcount or 0)
            if count:
                details = {"resent": count, "by": actor}
                self.record_event(
                    actor, "mailout.resend_uncertain", "mailout", mailout_id, details, conn=conn
                )
            return count
