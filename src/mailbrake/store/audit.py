"""The audit trail in the database (append under the chain lock, read, verify) and the
audited emergency switch."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from mailbrake.audit import (
    AuditChainError,
    AuditEvent,
    ChainHead,
    VerifyResult,
    canonical,
    check_action,
    clean_details,
    derive_audit_key,
    head_problem,
    new_head,
    seal,
    verify_events,
)
from mailbrake.clock import Clock
from mailbrake.errors import MailbrakeError
from mailbrake.store.base import StoreBase
from mailbrake.store.tables import audit_chain, audit_events, switches

AUDIT_PAGE = 2_000
HEAD_ROW = 1
EMERGENCY = "emergency"


class AuditKeyMissingError(MailbrakeError):
    """The store was opened without the secret the audit trail is keyed with."""


class AuditOps(StoreBase):
    """Append-only events: there is deliberately no verb that updates or deletes one."""

    _audit_secret: Callable[[], bytes] | None = None
    _audit_key: bytes | None = None
    # An admin acting as another user (`mailbrake --as`): every event then names both.
    acting_admin: str | None = None

    def set_audit_secret(self, secret: bytes | Callable[[], bytes]) -> None:
        """Key the trail with secret_key (bytes, or a callable read on first use)."""
        self._audit_secret = secret if callable(secret) else (lambda: secret)
        self._audit_key = None

    @property
    def audit_key(self) -> bytes:
        if self._audit_key is None:
            if self._audit_secret is None:
                raise AuditKeyMissingError(
                    "The audit trail has no key, so nothing can be recorded or verified.",
                    hint="Open the store through mailbrake's CLI or web app, or call "
                    "store.set_audit_secret(settings.resolved_secret()).",
                )
            self._audit_key = derive_audit_key(self._audit_secret())
        return self._audit_key

    def record_event(
        self,
        actor: str,
        action: str,
        object_type: str,
        object_id: str | int,
        details: Mapping[str, Any] | None = None,
        *,
        conn: sa.Connection | None = None,
    ) -> AuditEvent:
        """Append one event, linked to the last one.

        Pass `conn` (inside an open transaction) to record the event in the same transaction
        as the change it describes: both commit or neither does. Call it last in that
        transaction: it locks the chain head until the commit.
        """
        check_action(action)
        if self.acting_admin and self.acting_admin != actor:
            details = {**(details or {}), "admin": self.acting_admin}
        draft = AuditEvent(
            id=0,
            at=self.clock.now(),  # taken again under the lock, so ids and times agree
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            details=clean_details(details),
        )
        key = self.audit_key
        if conn is not None:
            return _append(conn, key, draft, self.clock)
        with self.engine.begin() as own:
            return _append(own, key, draft, self.clock)

    def lock_audit_chain(self, conn: sa.Connection) -> ChainHead:
        """Take the chain lock in `conn`'s transaction (serialises check-then-insert)."""
        return _locked_head(conn, self.audit_key)

    def iter_events(
        self,
        object_type: str | None = None,
        object_id: str | int | None = None,
        *,
        after: int = 0,
    ) -> Iterator[AuditEvent]:
        """Events in id order, optionally only those about one object, read page by page;
        `after`: only those after this event id (a page cursor the database seeks to)."""
        while True:
            with self.engine.connect() as conn:
                rows = _page(conn, after, object_type, object_id)
            yield from (_event(row) for row in rows)
            if len(rows) < AUDIT_PAGE:
                return
            after = rows[-1].id

    def verify_chain(self) -> VerifyResult:
        """Check every event and the head in one consistent snapshot of the database."""
        key = self.audit_key
        with self.engine.connect() as conn:
            if self.is_postgres:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                head = _read_head(conn)
                return verify_events(key, head, _stream(conn))


@dataclass(frozen=True, slots=True)
class EmergencyState:
    """While `on`, every new mailout is held and every sending one stopped."""

    on: bool
    since: datetime | None = None  # when it last changed
    by: str = ""
    reason: str = ""


class EmergencyOps(AuditOps):
    def emergency(self) -> EmergencyState:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(switches).where(switches.c.name == EMERGENCY)).first()
        if row is None:
            # Fail closed: a switch nobody can read counts as on until an admin sets it.
            return EmergencyState(
                True, None, "", "the emergency switch is missing from the database; "
                "`mailbrake emergency off` restores it",
            )  # fmt: skip
        return _switch_state(row)

    def set_emergency(
        self, on: bool, *, actor: str, reason: str = ""
    ) -> tuple[EmergencyState, bool]:
        """Turn the switch on or off (audited); returns the state and whether it changed."""
        now = self.clock.now()
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(switches).where(switches.c.name == EMERGENCY).with_for_update()
            ).first()
            if row is not None and bool(row.is_on) == on:
                return _switch_state(row), False
            values = {"is_on": on, "since": now, "by": actor, "reason": reason}
            if row is None:
                conn.execute(switches.insert().values(name=EMERGENCY, **values))
            else:
                conn.execute(switches.update().where(switches.c.name == EMERGENCY).values(**values))
            action = "emergency.on" if on else "emergency.off"
            self.record_event(actor, action, "switch", EMERGENCY, {"reason": reason}, conn=conn)
        return EmergencyState(on, now, actor, reason), True


def _switch_state(row: sa.Row[Any]) -> EmergencyState:
    return EmergencyState(bool(row.is_on), row.since, row.by, row.reason)


def _append(conn: sa.Connection, key: bytes, draft: AuditEvent, clock: Clock) -> AuditEvent:
    head = _locked_head(conn, key)
    at = clock.now().astimezone(UTC)
    event = seal(
        key,
        AuditEvent(
            head.last_id + 1, at, draft.actor, draft.action, draft.object_type,
            draft.object_id, draft.details, head.last_hash,
        ),
    )  # fmt: skip
    conn.execute(
        audit_events.insert().values(
            id=event.id,
            at=event.at,
            actor=event.actor,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            details=canonical(event.details),
            prev_hash=event.prev_hash,
            hash=event.hash,
        )
    )
    moved = new_head(key, event)
    conn.execute(
        audit_chain.update()
        .where(audit_chain.c.id == HEAD_ROW)
        .values(last_id=moved.last_id, last_hash=moved.last_hash,
                key_check=moved.key_check, mac=moved.mac)
    )  # fmt: skip
    return event


def _locked_head(conn: sa.Connection, key: bytes) -> ChainHead:
    # FOR UPDATE makes concurrent appenders on PostgreSQL queue here; on SQLite the
    # transaction's BEGIN IMMEDIATE has already serialised them.
    row = conn.execute(
        sa.select(audit_chain).where(audit_chain.c.id == HEAD_ROW).with_for_update()
    ).first()
    head = _head(row)
    problem = head_problem(key, head)
    if head is None or problem:
        # Extending a broken chain would re-seal the damage with a valid MAC: refuse.
        raise AuditChainError(
            f"The audit trail cannot be extended: {problem}.",
            hint="Run `mailbrake audit verify`, and restore the database or the secret_key "
            "from a backup.",
        )
    return head


def _read_head(conn: sa.Connection) -> ChainHead | None:
    row = conn.execute(sa.select(audit_chain).where(audit_chain.c.id == HEAD_ROW)).first()
    return _head(row)


def _head(row: sa.Row[Any] | None) -> ChainHead | None:
    if row is None:
        return None
    return ChainHead(int(row.last_id), row.last_hash, row.key_check, row.mac)


def _stream(conn: sa.Connection) -> Iterator[AuditEvent]:
    after = 0
    while True:
        rows = _page(conn, after)
        yield from (_event(row) for row in rows)
        if len(rows) < AUDIT_PAGE:
            return
        after = rows[-1].id


def _page(
    conn: sa.Connection,
    after: int,
    object_type: str | None = None,
    object_id: str | int | None = None,
) -> list[sa.Row[Any]]:
    query = sa.select(audit_events).where(audit_events.c.id > after)
    if object_type is not None:
        query = query.where(audit_events.c.object_type == object_type)
    if object_id is not None:
        query = query.where(audit_events.c.object_id == str(object_id))
    return list(conn.execute(query.order_by(audit_events.c.id).limit(AUDIT_PAGE)).all())


def _event(row: sa.Row[Any]) -> AuditEvent:
    try:
        details = json.loads(row.details)
    except ValueError:
        # Unreadable details can only come from tampering: keep the raw text, so the
        # recomputed hash fails and verify names this event.
        details = {"unreadable": row.details}
    return AuditEvent(
        id=int(row.id),
        at=row.at,
        actor=row.actor,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        details=details if isinstance(details, dict) else {"unreadable": row.details},
        prev_hash=row.prev_hash,
        hash=row.hash,
    )
