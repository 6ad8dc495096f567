"""Read-only views the web pages and API need: list members paged and searched, totals."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from mailbrake.models import DeliveryState, MailoutState
from mailbrake.store.base import StoreBase
from mailbrake.store.tables import deliveries, list_members, mailouts, subscribers


@dataclass(frozen=True, slots=True)
class Member:
    subscriber_id: int
    email: str
    name: str
    status: str  # the membership's status, or the subscriber's when that is not active


class OverviewOps(StoreBase):
    def members_page(
        self, list_id: int, *, search: str = "", after: int = 0, limit: int = 50
    ) -> list[Member]:
        """Members in id order after `after`, whose address or name contains `search`."""
        s, m = subscribers.c, list_members.c
        query = (
            sa.select(s.id, s.email, s.name, s.status, m.status.label("membership"))
            .select_from(list_members.join(subscribers))
            .where(m.list_id == list_id, s.id > after)
        )
        if search.strip():
            like = f"%{_escape_like(search.strip().lower())}%"
            query = query.where(
                sa.or_(
                    sa.func.lower(s.email).like(like, escape="\\"),
                    sa.func.lower(s.name).like(like, escape="\\"),
                )
            )
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(s.id).limit(limit)).all()
        return [
            Member(r.id, r.email, r.name, r.membership if r.membership != "active" else r.status)
            for r in rows
        ]

    def delivery_totals(self) -> dict[DeliveryState, int]:
        """Ledger rows by state over every mailout (for /metrics)."""
        query = sa.select(deliveries.c.state, sa.func.count()).group_by(deliveries.c.state)
        with self.engine.connect() as conn:
            found = {str(state): int(n) for state, n in conn.execute(query)}
        return {state: found.get(str(state), 0) for state in DeliveryState}

    def mailout_ids_by_state(self, limit: int = 200) -> dict[MailoutState, list[int]]:
        """The newest mailouts' ids, grouped by state (the dashboard's columns)."""
        query = sa.select(mailouts.c.id, mailouts.c.state).order_by(mailouts.c.id.desc())
        grouped: dict[MailoutState, list[int]] = {state: [] for state in MailoutState}
        with self.engine.connect() as conn:
            for mailout_id, state in conn.execute(query.limit(limit)):
                grouped[MailoutState(state)].append(int(mailout_id))
        return grouped


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
