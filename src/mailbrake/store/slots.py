"""Send slots: one mailout's rate and hourly limits, shared by every worker through the database.

A worker asks for a few slots at a time; the mailout's run row holds the next free slot
(`next_slot_at`), so slots handed to different workers never overlap however many workers
join, die or are replaced. Slots a dead worker never used are simply lost: the mailout
sends a little slower, never faster. The hourly limit counts every slot handed out whose
last slot lies within the hour (`send_grants`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from mailbrake.store.ledger_base import LedgerBase
from mailbrake.store.tables import delivery_runs, send_grants

HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class SlotGrant:
    """`count` send slots: the first at `first`, then one every `spacing` seconds.

    count 0: none now; ask again at `retry_at` (the hourly limit is used up).
    """

    first: datetime
    spacing: float
    count: int
    retry_at: datetime | None = None

    def times(self) -> list[datetime]:
        return [self.first + timedelta(seconds=i * self.spacing) for i in range(self.count)]


class SlotOps(LedgerBase):
    def reserve_slots(
        self, mailout_id: int, want: int, rate: float | None, hourly: int | None
    ) -> SlotGrant:
        """Hand out up to `want` slots under the mailout's shared limits (one transaction)."""
        now = self.clock.now()
        r, g = delivery_runs.c, send_grants.c
        with self.engine.begin() as conn:
            # The run row's lock serialises every worker's reservation for this mailout.
            next_slot = conn.execute(
                sa.select(r.next_slot_at).where(r.mailout_id == mailout_id).with_for_update()
            ).scalar()
            first = max(now, next_slot) if next_slot is not None else now
            count = max(1, want)
            if hourly is not None:
                window = sa.and_(g.mailout_id == mailout_id, g.last_at > first - HOUR)
                used = conn.execute(
                    sa.select(sa.func.coalesce(sa.func.sum(g.count), 0)).where(window)
                ).scalar_one()
                count = min(count, hourly - int(used))
                if count <= 0:
                    oldest = conn.execute(sa.select(sa.func.min(g.last_at)).where(window))
                    return SlotGrant(first, 0.0, 0, oldest.scalar_one() + HOUR)
            spacing = 1.0 / rate if rate is not None else 0.0
            last = first + timedelta(seconds=(count - 1) * spacing)
            if rate is not None:
                conn.execute(
                    delivery_runs.update()
                    .where(r.mailout_id == mailout_id)
                    .values(next_slot_at=last + timedelta(seconds=spacing))
                )
            if hourly is not None:
                conn.execute(
                    send_grants.insert().values(mailout_id=mailout_id, last_at=last, count=count)
                )
            return SlotGrant(first, spacing, count)
