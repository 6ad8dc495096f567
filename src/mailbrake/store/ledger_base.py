"""What the ledger mixins share: its types, constants and the state-change helpers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from mailbrake import lifecycle
from mailbrake.errors import ConflictError, NotFoundError
from mailbrake.models import DeliveryState as D
from mailbrake.models import MailoutState as S
from mailbrake.models import Subscriber
from mailbrake.store.base import StoreBase
from mailbrake.store.signals import ACK_CHANNEL, STOP_CHANNEL, stop_payload
from mailbrake.store.tables import deliveries, delivery_control, delivery_runs, mailouts

__all__ = ["ACK_CHANNEL", "STOP_CHANNEL"]

PENDING = (D.QUEUED.value, D.CLAIMED.value, D.DEFERRED.value)
# A stop turns a mailout to halted (not cancelled) once any of these exist: it may have left.
MAYBE_LEFT = (D.SENT.value, D.CLAIMED.value, D.UNCERTAIN.value)
# Rows a stop halts; until the stop's bookkeeping has run they are read as halted.
UNSENT = (D.QUEUED.value, D.DEFERRED.value)
STOPPED = (S.HALTED.value, S.CANCELLED.value)
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
    first_attempt_at: datetime | None = None
    resends: int = 0  # times `resend-uncertain` queued it again: it may have arrived twice


@dataclass(frozen=True, slots=True)
class StopOrder:
    """A committed stop: the generation workers must acknowledge, and what changed."""

    generation: int
    changes: list[tuple[int, S, S]]  # (mailout id, before, after)
    already: list[tuple[int, S]]  # named mailouts that were final already


class LedgerBase(StoreBase):
    """The helpers every ledger mixin uses: one lock order, one compare-and-set, one signal."""

    if TYPE_CHECKING:  # provided by MailoutOps in the Store

        def audit_state_change(
            self, conn: sa.Connection, actor: str, mailout_id: int, details: dict[str, Any]
        ) -> None: ...

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

    def _pending(self, conn: sa.Connection, mailout_id: int, wave: int) -> int:
        d = deliveries.c
        query = sa.select(sa.func.count()).where(
            d.mailout_id == mailout_id, d.state.in_(PENDING), d.wave <= wave
        )
        return int(conn.execute(query).scalar_one())

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

    def _bump_generation(self, conn: sa.Connection, changes: Mapping[int, S] | None = None) -> int:
        """Tell every worker to re-read mailout states (and, on PostgreSQL, wake them now).

        The notification (sent at the commit) also names the new states, so a worker that has
        seen the previous generation can set its brake without a round trip to read them.
        """
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
            payload = stop_payload(generation, changes or {})
            conn.execute(sa.select(sa.func.pg_notify(STOP_CHANNEL, payload)))
        return generation
