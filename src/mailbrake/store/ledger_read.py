"""Reading the ledger: a run, counts by state, every row (paged), one address, mailout states."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mailbrake.errors import NotFoundError
from mailbrake.models import DeliveryState as D
from mailbrake.models import MailoutState as S
from mailbrake.store.ledger_base import (
    LEDGER_PAGE,
    STOPPED,
    UNSENT,
    LedgerBase,
    LedgerEntry,
    RunInfo,
)
from mailbrake.store.tables import deliveries, delivery_runs, mailouts, subscribers


class LedgerReadOps(LedgerBase):
    """Rows a stop will halt but that are not settled yet read as `halted` everywhere here:
    their mailout is halted or cancelled and no worker claims from it any more."""

    def _is_stopped(self, conn: sa.Connection, mailout_id: int) -> bool:
        query = sa.select(mailouts.c.state).where(mailouts.c.id == mailout_id)
        return conn.execute(query).scalar() in STOPPED

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
            stopped = self._is_stopped(conn, mailout_id)
            found = {D(state): int(n) for state, n in conn.execute(query)}
        counts = {state: found.get(state, 0) for state in D}
        if stopped:
            for unsent in (D.QUEUED, D.DEFERRED):
                counts[D.HALTED] += counts[unsent]
                counts[unsent] = 0
        return counts

    def iter_ledger(
        self,
        mailout_id: int,
        state: D | None = None,
        page: int = LEDGER_PAGE,
        *,
        resent: bool = False,
        after: int = 0,
    ) -> Iterator[LedgerEntry]:
        """Every ledger row in id order, one short read per page (never all in memory).

        resent: only the rows `resend-uncertain` queued again (maybe two copies);
        after: only the rows after this delivery id (a page cursor: the database seeks to
        it, so the last page of a million rows costs what the first does)."""
        d = deliveries.c
        with self.engine.connect() as conn:
            stopped = self._is_stopped(conn, mailout_id)
        wanted = _stored_states(state, stopped)
        if wanted == []:
            return
        last = after
        while True:
            query = sa.select(deliveries).where(d.mailout_id == mailout_id, d.id > last)
            if wanted is not None:
                query = query.where(d.state.in_(wanted))
            if resent:
                query = query.where(d.resends > 0)
            with self.engine.connect() as conn:
                rows = conn.execute(query.order_by(d.id).limit(page)).all()
            yield from (_entry(r, stopped) for r in rows)
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
            stopped = row is not None and self._is_stopped(conn, mailout_id)
        return None if row is None else _entry(row, stopped)

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
            stopped = self._is_stopped(conn, mailout_id)
            return {int(r.id): _shown(r.state, stopped) for r in conn.execute(query)}

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


def _shown(state: str, stopped: bool) -> D:
    return D.HALTED if stopped and state in UNSENT else D(state)


def _stored_states(state: D | None, stopped: bool) -> list[str] | None:
    """The stored states that read as `state` (None: every state)."""
    if state is None:
        return None
    if not stopped:
        return [state.value]
    if state is D.HALTED:
        return [D.HALTED.value, *UNSENT]
    return [] if state.value in UNSENT else [state.value]


def _entry(row: Any, stopped: bool = False) -> LedgerEntry:
    return LedgerEntry(
        id=row.id,
        email=row.email,
        subscriber_id=row.subscriber_id,
        state=_shown(row.state, stopped),
        wave=row.wave,
        attempts=row.attempts,
        smtp_code=row.smtp_code,
        smtp_reply=row.smtp_reply,
        message_id=row.message_id,
        sent_at=row.sent_at,
        updated_at=row.updated_at,
        worker_id=row.worker_id,
        first_attempt_at=row.first_attempt_at,
        resends=row.resends,
    )
