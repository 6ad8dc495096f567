"""Lists and subscribers: create, import in batches, unsubscribe, stream recipients."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC

import sqlalchemy as sa

from mailbrake.errors import ConflictError, NotFoundError
from mailbrake.models import MailingList, NewSubscriber, SubscriberStatus
from mailbrake.store.audit import AuditOps
from mailbrake.store.tables import list_members, lists, subscribers

ACTIVE = SubscriberStatus.ACTIVE.value
RECIPIENT_PAGE = 5_000


class ListOps(AuditOps):
    def create_list(self, name: str, *, actor: str = "system") -> MailingList:
        now = self.clock.now()
        with self.engine.begin() as conn:
            exists = conn.execute(sa.select(lists.c.id).where(lists.c.name == name)).first()
            if exists is not None:
                raise ConflictError(f"A list named {name!r} exists already.")
            inserted = conn.execute(lists.insert().values(name=name, created_at=now))
            new_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
            self.record_event(actor, "list.created", "list", new_id, {"name": name}, conn=conn)
        return MailingList(id=new_id, name=name, created_at=now)

    def get_list(self, name: str) -> MailingList:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(lists).where(lists.c.name == name)).first()
        if row is None:
            raise NotFoundError("list", name, hint="See `mailbrake lists` for the lists there are.")
        return MailingList(id=row.id, name=row.name, created_at=row.created_at)

    def list_lists(self) -> list[MailingList]:
        """Every list with its count of active recipients and of all members."""
        active = sa.func.sum(
            sa.case(
                (sa.and_(list_members.c.status == ACTIVE, subscribers.c.status == ACTIVE), 1),
                else_=0,
            )
        )
        query = (
            sa.select(lists, active.label("active"), sa.func.count(list_members.c.list_id))
            .select_from(lists.outerjoin(list_members).outerjoin(subscribers))
            .group_by(lists.c.id)
            .order_by(lists.c.name)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            MailingList(
                id=r.id,
                name=r.name,
                created_at=r.created_at,
                active=int(r[3] or 0),
                total=int(r[4] or 0),
            )
            for r in rows
        ]

    def add_subscribers(self, list_id: int, batch: Sequence[NewSubscriber]) -> int:
        """Add one batch in its own transaction; see BulkImport.add."""
        with self.bulk_import(list_id) as bulk:
            return bulk.add(batch)

    @contextmanager
    def bulk_import(self, list_id: int) -> Iterator[BulkImport]:
        """One transaction for a whole import: committed on a clean exit, rolled back on an
        exception or when the caller cancels it."""
        with self.engine.connect() as conn:
            transaction = conn.begin()
            bulk = BulkImport(self, conn, list_id)
            try:
                yield bulk
            except BaseException:
                transaction.rollback()
                raise
            if bulk.cancelled:
                transaction.rollback()
            else:
                transaction.commit()


class BulkImport:
    """Adds batches of subscribers to a list inside one open transaction.

    Hand-written SQL per dialect because this is the million-row path: SQLAlchemy's per-row
    parameter processing costs more than SQLite's own insert, and PostgreSQL takes the batch
    by COPY.
    """

    def __init__(self, ops: ListOps, conn: sa.Connection, list_id: int) -> None:
        self._conn = conn
        self._list_id = list_id
        self._sqlite = ops.is_sqlite
        self._now = ops.clock.now().astimezone(UTC)
        self._staged = False
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def add(self, batch: Sequence[NewSubscriber]) -> int:
        """Upsert a batch (emails unique within it) and add them to the list.

        Existing subscribers keep their id and status; a non-empty new name replaces the old
        one and new attributes are merged over the old. Opted-out members stay opted out.
        Returns how many joined the list.
        """
        if not batch:
            return 0
        if not self._sqlite:
            return self._add_by_copy(batch)
        stamp = self._now.replace(tzinfo=None).isoformat(" ")
        rows = [(s.email, s.name, json.dumps(s.attributes), stamp, stamp) for s in batch]
        emails = json.dumps([s.email for s in batch])
        self._conn.exec_driver_sql(SQLITE_UPSERT, rows)
        joined = self._conn.exec_driver_sql(SQLITE_JOIN, (self._list_id, stamp, emails))
        return int(joined.rowcount or 0)

    def _add_by_copy(self, batch: Sequence[NewSubscriber]) -> int:
        """PostgreSQL: COPY the batch into a temporary table, then two set-based statements;
        a row-by-row upsert costs a round trip per row."""
        if not self._staged:
            self._conn.exec_driver_sql(PG_STAGE)
            self._staged = True
        else:
            self._conn.exec_driver_sql("TRUNCATE import_batch")
        cursor = self._conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy("COPY import_batch (email, name, attributes) FROM STDIN") as copy:
            for item in batch:
                copy.write_row((item.email, item.name, json.dumps(item.attributes)))
        params = {"now": self._now, "list": self._list_id}
        joined = self._conn.exec_driver_sql(PG_UPSERT_JOIN, params)
        return int(joined.rowcount or 0)


_UPSERT = """INSERT INTO subscribers (email, name, attributes, status, created_at, updated_at)
VALUES ({p}, {p}, {json}, 'active', {p}, {p})
ON CONFLICT (email) DO UPDATE SET
  name = CASE WHEN excluded.name != '' THEN excluded.name ELSE subscribers.name END,
  attributes = {merge},
  updated_at = excluded.updated_at"""
_JOIN = """INSERT INTO list_members (list_id, subscriber_id, status, added_at)
SELECT {p}, id, 'active', {p} FROM subscribers WHERE {match}
ON CONFLICT DO NOTHING"""

SQLITE_UPSERT = _UPSERT.format(
    p="?", json="?", merge="json_patch(subscribers.attributes, excluded.attributes)"
)
SQLITE_JOIN = _JOIN.format(p="?", match="email IN (SELECT value FROM json_each(?))")
PG_STAGE = """CREATE TEMPORARY TABLE import_batch
(email text NOT NULL, name text NOT NULL, attributes jsonb NOT NULL) ON COMMIT DROP"""
# One statement: the upsert returns every subscriber id (inserted or updated), which joins
# the list directly, with no second lookup of the batch's addresses.
PG_UPSERT_JOIN = """WITH upserted AS (
  INSERT INTO subscribers (email, name, attributes, status, created_at, updated_at)
  SELECT email, name, attributes, 'active', %(now)s, %(now)s FROM import_batch
  ON CONFLICT (email) DO UPDATE SET
    name = CASE WHEN excluded.name != '' THEN excluded.name ELSE subscribers.name END,
    attributes = subscribers.attributes || excluded.attributes,
    updated_at = excluded.updated_at
  RETURNING id)
INSERT INTO list_members (list_id, subscriber_id, status, added_at)
SELECT %(list)s, id, 'active', %(now)s FROM upserted
ON CONFLICT DO NOTHING"""
