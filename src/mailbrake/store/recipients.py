"""Who a list reaches: active recipients streamed in pages, opt-outs, bounces, field coverage."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import sqlalchemy as sa

from mailbrake.errors import NotFoundError
from mailbrake.models import Subscriber, SubscriberStatus
from mailbrake.store.audit import AuditOps
from mailbrake.store.tables import list_members, lists, subscribers

ACTIVE = SubscriberStatus.ACTIVE.value
PAGE = 5_000
ALWAYS_PRESENT = frozenset({"email"})


def _active_members(list_id: int) -> sa.ColumnElement[bool]:
    """A recipient is mailed only while both the membership and the subscriber are active."""
    return sa.and_(
        list_members.c.list_id == list_id,
        list_members.c.status == ACTIVE,
        subscribers.c.status == ACTIVE,
    )


def _to_subscriber(row: sa.Row[tuple[object, ...]]) -> Subscriber:
    return Subscriber(
        id=row.id,
        email=row.email,
        name=row.name,
        attributes=dict(row.attributes or {}),
        status=SubscriberStatus(row.status),
    )


class RecipientOps(AuditOps):
    def count_recipients(self, list_id: int) -> int:
        query = (
            sa.select(sa.func.count())
            .select_from(list_members.join(subscribers))
            .where(_active_members(list_id))
        )
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def iter_recipients(self, list_id: int, page: int = PAGE) -> Iterator[Subscriber]:
        """Active recipients in id order, one short read per page (no long-held cursor)."""
        last = 0
        while True:
            query = (
                sa.select(subscribers)
                .select_from(list_members.join(subscribers))
                .where(_active_members(list_id), subscribers.c.id > last)
                .order_by(subscribers.c.id)
                .limit(page)
            )
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
            yield from (_to_subscriber(r) for r in rows)
            if len(rows) < page:
                return
            last = rows[-1].id

    def missing_fields(self, list_id: int, fields: Iterable[str]) -> dict[str, int]:
        """For each field, how many active recipients lack it (absent or empty)."""
        wanted = sorted(set(fields) - ALWAYS_PRESENT)
        if not wanted:
            return {}
        sums = [sa.func.sum(sa.case((self._is_blank(f), 1), else_=0)) for f in wanted]
        query = sa.select(*sums).select_from(list_members.join(subscribers))
        with self.engine.connect() as conn:
            row = conn.execute(query.where(_active_members(list_id))).one()
        return {f: int(n or 0) for f, n in zip(wanted, row, strict=True) if n}

    def _is_blank(self, field: str) -> sa.ColumnElement[bool]:
        value = (
            subscribers.c.name if field == "name" else subscribers.c.attributes[field].as_string()
        )
        return sa.or_(value.is_(None), value == "")

    def is_recipient(self, list_id: int, subscriber_id: int) -> bool:
        """Would a mailout to this list reach this subscriber (both memberships active)?"""
        query = (
            sa.select(sa.func.count())
            .select_from(list_members.join(subscribers))
            .where(_active_members(list_id), subscribers.c.id == subscriber_id)
        )
        with self.engine.connect() as conn:
            return bool(conn.execute(query).scalar_one())

    def find_subscriber(self, email: str) -> Subscriber:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(subscribers).where(subscribers.c.email == email.strip().lower())
            ).first()
        if row is None:
            raise NotFoundError("subscriber", email)
        return _to_subscriber(row)

    def unsubscribe(
        self, email: str, list_name: str | None = None, *, actor: str = "system"
    ) -> Subscriber:
        """Opt out of one list, or of everything when no list is named."""
        subscriber = self.find_subscriber(email)
        details = {"email": subscriber.email, "list": list_name or "*"}
        with self.engine.begin() as conn:
            if list_name is None:
                conn.execute(self._set_status(subscriber.id, SubscriberStatus.UNSUBSCRIBED))
                self.record_event(actor, "subscriber.unsubscribed", "subscriber", subscriber.id,
                                  details, conn=conn)  # fmt: skip
                return subscriber
            list_id = conn.execute(sa.select(lists.c.id).where(lists.c.name == list_name)).scalar()
            if list_id is None:
                raise NotFoundError("list", list_name)
            changed = conn.execute(
                list_members.update()
                .where(
                    list_members.c.list_id == list_id, list_members.c.subscriber_id == subscriber.id
                )
                .values(status=SubscriberStatus.UNSUBSCRIBED.value)
            ).rowcount
            if changed:
                self.record_event(actor, "subscriber.unsubscribed", "subscriber", subscriber.id,
                                  details, conn=conn)  # fmt: skip
        if not changed:
            raise NotFoundError("member of list " + list_name, email)
        return subscriber

    def unsubscribe_member(self, list_id: int, subscriber_id: int) -> None:
        """One-click unsubscribe (RFC 8058): the token names the list and the subscriber."""
        with self.engine.begin() as conn:
            conn.execute(
                list_members.update()
                .where(
                    list_members.c.list_id == list_id, list_members.c.subscriber_id == subscriber_id
                )
                .values(status=SubscriberStatus.UNSUBSCRIBED.value)
            )

    def mark_bounced(self, email: str) -> None:
        subscriber = self.find_subscriber(email)
        with self.engine.begin() as conn:
            conn.execute(self._set_status(subscriber.id, SubscriberStatus.BOUNCED))

    def _set_status(self, subscriber_id: int, status: SubscriberStatus) -> sa.Update:
        return (
            subscribers.update()
            .where(subscribers.c.id == subscriber_id)
            .values(status=status.value, updated_at=self.clock.now())
        )
