"""Incidents: open, read, close; the correction's recipient list; deletion confirmations."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mailbrake.errors import ConflictError, NotFoundError
from mailbrake.models import DeliveryState
from mailbrake.store.audit import AuditOps
from mailbrake.store.tables import (
    Timestamp,
    deliveries,
    delivery_runs,
    incident_confirmations,
    incidents,
    list_members,
    lists,
    subscribers,
)

OPEN = "open"
CLOSED = "closed"
INCIDENT = "incident"
ATTRIBUTE_PAGE = 2_000


@dataclass(frozen=True, slots=True)
class ResponseRow:
    """One recipient of the original: its ledger row, its correction and its confirmation."""

    subscriber_id: int
    email: str
    state: DeliveryState
    wave: int
    sent_at: datetime | None
    smtp_code: int | None
    smtp_reply: str | None
    message_id: str | None
    correction_state: DeliveryState | None
    confirmed_at: datetime | None


@dataclass(frozen=True, slots=True)
class Incident:
    id: int
    mailout_id: int
    state: str  # "open" or "closed"
    summary: str
    opened_by: str
    opened_at: datetime
    automatic: bool = False
    brake_ms: float | None = None  # until every worker had its brake on, when known
    correction_mailout_id: int | None = None
    correction_list_id: int | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None
    close_note: str = ""

    @property
    def is_open(self) -> bool:
        return self.state == OPEN


class ClosedIncidentError(ConflictError):
    """A closed incident is read-only."""

    def __init__(self, incident_id: int) -> None:
        super().__init__(
            f"Incident {incident_id} is closed; closed incidents are read-only.",
            hint=f"Read it with `mailbrake incident report {incident_id}`.",
        )
        self.incident_id = incident_id


class IncidentOps(AuditOps):
    def open_incident(
        self,
        mailout_id: int,
        *,
        summary: str,
        actor: str,
        automatic: bool = False,
        brake_ms: float | None = None,
    ) -> Incident:
        """Open an incident about a mailout (audited); one open incident per mailout."""
        now = self.clock.now()
        with self.engine.begin() as conn:
            self.lock_audit_chain(conn)  # serialises the "already open?" check below
            existing = _open_for(conn, mailout_id)
            if existing is not None:
                raise ConflictError(
                    f"Mailout {mailout_id} has an open incident already ({existing}).",
                    hint=f"See `mailbrake incident report {existing}`.",
                )
            values = {
                "mailout_id": mailout_id, "state": OPEN, "summary": summary,
                "opened_by": actor, "opened_at": now, "automatic": automatic,
                "brake_ms": brake_ms,
            }  # fmt: skip
            new_id = int(
                conn.execute(
                    incidents.insert().values(**values).returning(incidents.c.id)
                ).scalar_one()
            )
            details = {"mailout": mailout_id, "summary": summary, "automatic": automatic}
            self.record_event(actor, "incident.opened", INCIDENT, new_id, details, conn=conn)
        return self.get_incident(new_id)

    def get_incident(self, incident_id: int) -> Incident:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(incidents).where(incidents.c.id == incident_id)).first()
        if row is None:
            raise NotFoundError("incident", incident_id, hint="See `mailbrake incident list`.")
        return _incident(row)

    def open_incident_for(self, mailout_id: int) -> Incident | None:
        """The open incident about this mailout, if there is one."""
        with self.engine.connect() as conn:
            found = _open_for(conn, mailout_id)
        return None if found is None else self.get_incident(found)

    def list_incidents(self, limit: int = 50) -> list[Incident]:
        query = sa.select(incidents).order_by(incidents.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [_incident(r) for r in conn.execute(query)]

    def record_incident_action(
        self, incident_id: int, actor: str, action: str, details: dict[str, Any]
    ) -> None:
        """Audit one step of the response (notified, ...); refused once the incident is closed."""
        with self.engine.begin() as conn:
            _lock_open(conn, incident_id)
            self.record_event(actor, action, INCIDENT, incident_id, details, conn=conn)

    def set_correction(
        self, incident_id: int, mailout_id: int, list_id: int, *, actor: str
    ) -> None:
        with self.engine.begin() as conn:
            _lock_open(conn, incident_id)
            conn.execute(
                incidents.update()
                .where(incidents.c.id == incident_id)
                .values(correction_mailout_id=mailout_id, correction_list_id=list_id)
            )
            details = {"mailout": mailout_id, "list": list_id}
            self.record_event(actor, "incident.correction", INCIDENT, incident_id, details,
                              conn=conn)  # fmt: skip

    def close_incident(self, incident_id: int, *, note: str, actor: str) -> Incident:
        now = self.clock.now()
        with self.engine.begin() as conn:
            _lock_open(conn, incident_id)
            conn.execute(
                incidents.update()
                .where(incidents.c.id == incident_id)
                .values(state=CLOSED, closed_by=actor, closed_at=now, close_note=note)
            )
            self.record_event(actor, "incident.closed", INCIDENT, incident_id, {"note": note},
                              conn=conn)  # fmt: skip
        return self.get_incident(incident_id)

    # -- confirmations ------------------------------------------------------------------------

    def record_confirmation(self, incident_id: int, subscriber_id: int) -> bool:
        """Record that a recipient deleted the message; False if they had confirmed before.

        Accepted after the incident is closed too: a recipient's word is evidence either way.
        """
        now = self.clock.now()
        c = incident_confirmations.c
        with self.engine.begin() as conn:
            self.lock_audit_chain(conn)  # one writer at a time, so a double click counts once
            known = conn.execute(
                sa.select(c.incident_id).where(
                    c.incident_id == incident_id, c.subscriber_id == subscriber_id
                )
            ).first()
            if known is not None:
                return False
            conn.execute(
                incident_confirmations.insert().values(
                    incident_id=incident_id, subscriber_id=subscriber_id, confirmed_at=now
                )
            )
            self.record_event("recipient", "incident.confirmed", INCIDENT, incident_id,
                              {"subscriber": subscriber_id}, conn=conn)  # fmt: skip
        return True

    def confirmations(self, incident_id: int) -> dict[int, datetime]:
        """subscriber id -> when they confirmed."""
        c = incident_confirmations.c
        query = sa.select(c.subscriber_id, c.confirmed_at).where(c.incident_id == incident_id)
        with self.engine.connect() as conn:
            return {int(r.subscriber_id): r.confirmed_at for r in conn.execute(query)}

    def confirmed_recipients(
        self, incident_id: int, limit: int = 200
    ) -> list[tuple[str, datetime]]:
        """(email, when) of the first `limit` confirmations, earliest first."""
        c = incident_confirmations.c
        query = (
            sa.select(subscribers.c.email, c.confirmed_at)
            .join(subscribers, subscribers.c.id == c.subscriber_id)
            .where(c.incident_id == incident_id)
            .order_by(c.confirmed_at, c.subscriber_id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [(r.email, r.confirmed_at) for r in conn.execute(query)]

    # -- the correction's audience --------------------------------------------------------------

    def create_list_from_ledger(
        self, mailout_id: int, states: Sequence[DeliveryState], name: str, *, actor: str
    ) -> int:
        """A new list whose members are the mailout's recipients in `states` (one INSERT ...
        SELECT from the ledger, however many there are); returns its id."""
        now = self.clock.now()
        d = deliveries.c
        with self.engine.begin() as conn:
            if conn.execute(sa.select(lists.c.id).where(lists.c.name == name)).first():
                raise ConflictError(f"A list named {name!r} exists already.")
            inserted = lists.insert().values(name=name, created_at=now).returning(lists.c.id)
            list_id = int(conn.execute(inserted).scalar_one())
            chosen = sa.select(
                sa.literal(list_id),
                d.subscriber_id,
                sa.literal("active"),
                sa.literal(now, Timestamp),
            ).where(d.mailout_id == mailout_id, d.state.in_([s.value for s in states]))
            columns = ["list_id", "subscriber_id", "status", "added_at"]
            conn.execute(list_members.insert().from_select(columns, chosen))
            details = {"name": name, "from_mailout": mailout_id, "states": [str(s) for s in states]}
            self.record_event(actor, "list.created", "list", list_id, details, conn=conn)
        return list_id

    def iter_member_ids(self, list_id: int) -> Iterator[int]:
        """Every member's subscriber id, in id order, page by page."""
        m = list_members.c
        last = 0
        while True:
            query = (
                sa.select(m.subscriber_id)
                .where(m.list_id == list_id, m.subscriber_id > last)
                .order_by(m.subscriber_id)
                .limit(ATTRIBUTE_PAGE)
            )
            with self.engine.connect() as conn:
                ids = [int(i) for i in conn.execute(query).scalars()]
            yield from ids
            if len(ids) < ATTRIBUTE_PAGE:
                return
            last = ids[-1]

    def set_attribute(self, key: str, values: Iterable[tuple[int, str]]) -> int:
        """Set attribute `key` on each (subscriber id, value), one transaction per page."""
        batch: list[dict[str, Any]] = []
        done = 0
        for subscriber_id, value in values:
            batch.append({"sid": subscriber_id, "value": value})
            if len(batch) >= ATTRIBUTE_PAGE:
                done += self._set_attribute_page(key, batch)
                batch = []
        return done + (self._set_attribute_page(key, batch) if batch else 0)

    def _set_attribute_page(self, key: str, batch: list[dict[str, Any]]) -> int:
        s = subscribers.c
        value = sa.bindparam("value", type_=sa.String)
        if self.is_sqlite:
            merged: Any = sa.func.json_set(s.attributes, f"$.{key}", value)
        else:
            merged = s.attributes.op("||")(sa.func.jsonb_build_object(key, value))
        stmt = subscribers.update().where(s.id == sa.bindparam("sid")).values(attributes=merged)
        with self.engine.begin() as conn:
            conn.execute(stmt, batch)
        return len(batch)

    def iter_response(
        self, incident: Incident, page: int = ATTRIBUTE_PAGE
    ) -> Iterator[ResponseRow]:
        """Every ledger row of the original with its correction and confirmation, by id."""
        d = deliveries.alias("d")
        fix = deliveries.alias("fix")
        c = incident_confirmations
        joined = d.outerjoin(
            fix,
            sa.and_(
                fix.c.mailout_id == (incident.correction_mailout_id or -1),
                fix.c.subscriber_id == d.c.subscriber_id,
            ),
        ).outerjoin(
            c, sa.and_(c.c.incident_id == incident.id, c.c.subscriber_id == d.c.subscriber_id)
        )
        columns = (d.c.id, d.c.subscriber_id, d.c.email, d.c.state, d.c.wave, d.c.sent_at,
                   d.c.smtp_code, d.c.smtp_reply, d.c.message_id,
                   fix.c.state.label("fix_state"), c.c.confirmed_at)  # fmt: skip
        last = 0
        while True:
            query = (
                sa.select(*columns)
                .select_from(joined)
                .where(d.c.mailout_id == incident.mailout_id, d.c.id > last)
                .order_by(d.c.id)
                .limit(page)
            )
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
            yield from (_response(r) for r in rows)
            if len(rows) < page:
                return
            last = rows[-1].id

    # -- facts the report needs that the ledger verbs do not give ------------------------------

    def stopped_at(self, mailout_id: int) -> datetime | None:
        query = sa.select(delivery_runs.c.stopped_at).where(
            delivery_runs.c.mailout_id == mailout_id
        )
        with self.engine.connect() as conn:
            value: datetime | None = conn.execute(query).scalar()
        return value

    def sent_bounds(self, mailout_id: int) -> tuple[datetime | None, datetime | None]:
        """(first, last) time a message of this mailout was accepted by the relay."""
        d = deliveries.c
        query = sa.select(sa.func.min(d.sent_at), sa.func.max(d.sent_at)).where(
            d.mailout_id == mailout_id, d.state == DeliveryState.SENT.value
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).one()
        return row[0], row[1]


def _open_for(conn: sa.Connection, mailout_id: int) -> int | None:
    query = sa.select(incidents.c.id).where(
        incidents.c.mailout_id == mailout_id, incidents.c.state == OPEN
    )
    found = conn.execute(query.limit(1)).scalar()
    return None if found is None else int(found)


def _lock_open(conn: sa.Connection, incident_id: int) -> None:
    """Lock the incident's row; raise if it does not exist or is closed."""
    state = conn.execute(
        sa.select(incidents.c.state).where(incidents.c.id == incident_id).with_for_update()
    ).scalar()
    if state is None:
        raise NotFoundError("incident", incident_id, hint="See `mailbrake incident list`.")
    if state != OPEN:
        raise ClosedIncidentError(incident_id)


def _incident(row: Any) -> Incident:
    return Incident(
        id=int(row.id),
        mailout_id=int(row.mailout_id),
        state=row.state,
        summary=row.summary,
        opened_by=row.opened_by,
        opened_at=row.opened_at,
        automatic=bool(row.automatic),
        brake_ms=row.brake_ms,
        correction_mailout_id=row.correction_mailout_id,
        correction_list_id=row.correction_list_id,
        closed_by=row.closed_by,
        closed_at=row.closed_at,
        close_note=row.close_note,
    )


def _response(row: Any) -> ResponseRow:
    fix = DeliveryState(row.fix_state) if row.fix_state is not None else None
    return ResponseRow(
        int(row.subscriber_id), row.email, DeliveryState(row.state), int(row.wave), row.sent_at,
        row.smtp_code, row.smtp_reply, row.message_id, fix, row.confirmed_at,
    )  # fmt: skip
