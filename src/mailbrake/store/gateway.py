"""The SMTP gateway's records: list addresses, send-as grants, answered and held messages."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from mailbrake.errors import ConflictError, NotFoundError
from mailbrake.models import (
    GatewayDisposition,
    GatewayOriginal,
    GatewayRecord,
    MailingList,
    MailoutContent,
    MailoutState,
    NewSubscriber,
    Verdict,
)
from mailbrake.store.audit import AuditOps
from mailbrake.store.lists import BulkImport, ListOps
from mailbrake.store.mailouts import _insert_attachments
from mailbrake.store.tables import (
    gateway_messages,
    gateway_originals,
    list_addresses,
    lists,
    mailouts,
    send_as_grants,
)


class GatewayOps(ListOps, AuditOps):
    def set_list_address(self, list_name: str, address: str, *, actor: str) -> None:
        """Give a list its own address (one per list; one list per address)."""
        target = self.get_list(list_name)
        address = address.strip().lower()
        with self.engine.begin() as conn:
            taken = conn.execute(
                sa.select(list_addresses.c.list_id).where(list_addresses.c.address == address)
            ).scalar()
            if taken is not None and taken != target.id:
                raise ConflictError(f"{address} is already the address of another list.")
            conn.execute(list_addresses.delete().where(list_addresses.c.list_id == target.id))
            conn.execute(
                list_addresses.insert().values(
                    address=address, list_id=target.id, set_by=actor, set_at=self.clock.now()
                )
            )
            details = {"list": list_name, "address": address}
            self.record_event(actor, "list.address_set", "list", target.id, details, conn=conn)

    def list_for_address(self, address: str) -> MailingList | None:
        """The list whose address this is, if any."""
        query = (
            sa.select(lists)
            .join(list_addresses, list_addresses.c.list_id == lists.c.id)
            .where(list_addresses.c.address == address.strip().lower())
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else MailingList(row.id, row.name, row.created_at)

    def lists_for_addresses(self, addresses: Sequence[str]) -> dict[str, MailingList]:
        """The lists among these addresses (one query), by address."""
        wanted = sorted({a.strip().lower() for a in addresses})
        query = (
            sa.select(lists, list_addresses.c.address)
            .join(list_addresses, list_addresses.c.list_id == lists.c.id)
            .where(list_addresses.c.address.in_(wanted))
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return {r.address: MailingList(r.id, r.name, r.created_at) for r in rows}

    def grant_send_as(self, user_email: str, address: str, *, actor: str) -> None:
        """Let a user send through the gateway as another address (a shared mailbox)."""
        user = self.get_user(user_email)  # type: ignore[attr-defined]
        address = address.strip().lower()
        with self.engine.begin() as conn:
            exists = conn.execute(
                sa.select(send_as_grants.c.address).where(
                    send_as_grants.c.user_email == user.email, send_as_grants.c.address == address
                )
            ).first()
            if exists is None:
                conn.execute(
                    send_as_grants.insert().values(
                        user_email=user.email,
                        address=address,
                        granted_by=actor,
                        granted_at=self.clock.now(),
                    )
                )
            details = {"user": user.email, "address": address}
            self.record_event(
                actor, "gateway.send_as_granted", "user", user.email, details, conn=conn
            )

    def may_send_as(self, user_email: str, address: str) -> bool:
        query = sa.select(send_as_grants.c.address).where(
            send_as_grants.c.user_email == user_email.lower(),
            send_as_grants.c.address == address.strip().lower(),
        )
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    def record_gateway_message(self, record: GatewayRecord) -> int:
        """Remember a message the gateway relayed, refused or blocked."""
        with self.engine.begin() as conn:
            return _insert_record(conn, record)

    def hold_gateway_message(
        self,
        record: GatewayRecord,
        content: MailoutContent,
        original: GatewayOriginal,
        recipients: Sequence[NewSubscriber],
    ) -> int:
        """Store a held message as a gateway mailout in one transaction: its own list of the
        expanded recipients, the mailout (content for the check and preview), the original
        bytes and envelope, and the gateway record. Returns the mailout id.

        Nothing is half-stored: the client's 250 is sent only after this commits."""
        now = self.clock.now()
        with self.engine.begin() as conn:
            pending = f"gateway-pending-{uuid.uuid4().hex}"
            inserted = conn.execute(lists.insert().values(name=pending, created_at=now))
            list_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
            BulkImport(self, conn, list_id).add(recipients)
            mailout_id = _insert_mailout(conn, list_id, content, original.sender, now)
            conn.execute(
                lists.update()
                .where(lists.c.id == list_id)
                .values(name=f"gateway-mailout-{mailout_id}")
            )
            conn.execute(
                gateway_originals.insert().values(
                    mailout_id=mailout_id,
                    mail_from=original.mail_from,
                    envelope_rcpts=list(original.envelope_rcpts),
                    data=original.data,
                    sha256=hashlib.sha256(original.data).hexdigest(),
                    sender=original.sender,
                )
            )
            held = GatewayRecord(**{**_fields(record), "mailout_id": mailout_id})
            record_id = _insert_record(conn, held)
            details = {
                "gateway_message": record_id,
                "recipients": len(recipients),
                "verdict": str(record.verdict),
                "rule": record.rule,
                "subject": content.subject,
            }
            self.record_event(
                original.sender,
                "mailout.created",
                "mailout",
                mailout_id,
                {**details, "source": "gateway"},
                conn=conn,
            )
        return mailout_id

    def gateway_original(self, mailout_id: int) -> GatewayOriginal | None:
        """The original of a gateway mailout; None for a campaign."""
        query = sa.select(gateway_originals).where(gateway_originals.c.mailout_id == mailout_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return GatewayOriginal(
            mailout_id=row.mailout_id,
            sender=row.sender,
            mail_from=row.mail_from,
            envelope_rcpts=tuple(row.envelope_rcpts),
            data=bytes(row.data),
        )

    def gateway_messages(
        self,
        *,
        disposition: GatewayDisposition | None = None,
        limit: int = 100,
        before: int | None = None,
    ) -> list[GatewayRecord]:
        """The newest messages the gateway answered, newest first (only ids below `before`
        when given: the API pages with it)."""
        query = sa.select(gateway_messages).order_by(gateway_messages.c.id.desc()).limit(limit)
        if before is not None:
            query = query.where(gateway_messages.c.id < before)
        if disposition is not None:
            query = query.where(gateway_messages.c.disposition == disposition.value)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [_record(row) for row in rows]

    def gateway_messages_for(self, mailout_id: int) -> list[GatewayRecord]:
        """The gateway records of one gateway mailout."""
        query = sa.select(gateway_messages).where(gateway_messages.c.mailout_id == mailout_id)
        with self.engine.connect() as conn:
            return [_record(row) for row in conn.execute(query)]

    def held_gateway_mailouts(self, states: Sequence[MailoutState]) -> list[int]:
        """Ids of gateway mailouts in the given states, oldest first."""
        query = (
            sa.select(mailouts.c.id)
            .join(gateway_originals, gateway_originals.c.mailout_id == mailouts.c.id)
            .where(mailouts.c.state.in_([s.value for s in states]))
            .order_by(mailouts.c.id)
        )
        with self.engine.connect() as conn:
            return [int(r[0]) for r in conn.execute(query)]

    def require_gateway_mailout(self, mailout_id: int) -> GatewayOriginal:
        original = self.gateway_original(mailout_id)
        if original is None:
            raise NotFoundError(
                "gateway mailout", str(mailout_id), hint="See `mailbrake held` for held mail."
            )
        return original


def _insert_mailout(
    conn: sa.Connection, list_id: int, content: MailoutContent, sender: str, now: Any
) -> int:
    values = {
        "list_id": list_id,
        "state": MailoutState.DRAFT.value,
        "from_addr": content.from_addr,
        "subject": content.subject,
        "text_body": content.text,
        "html_body": content.html,
        "created_by": sender,
        "created_at": now,
        "updated_at": now,
        "options": {"source": "gateway"},
    }
    inserted = conn.execute(mailouts.insert().values(**values))
    mailout_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
    _insert_attachments(conn, mailout_id, content.attachments)
    return mailout_id


def _fields(record: GatewayRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in GatewayRecord.__slots__}


def _insert_record(conn: sa.Connection, record: GatewayRecord) -> int:
    values = _fields(record)
    values.pop("id")
    values["recipients"] = list(record.recipients)
    values["verdict"] = str(record.verdict)
    values["disposition"] = record.disposition.value
    inserted = conn.execute(gateway_messages.insert().values(**values))
    return int(inserted.inserted_primary_key[0])  # type: ignore[index]


def _record(row: sa.Row[Any]) -> GatewayRecord:
    return GatewayRecord(
        id=row.id,
        received_at=row.received_at,
        auth_user=row.auth_user,
        client=row.client,
        mail_from=row.mail_from,
        recipients=tuple(row.recipients),
        message_id=row.message_id,
        size=row.size,
        verdict=Verdict[row.verdict.upper()],
        rule=row.rule,
        disposition=GatewayDisposition(row.disposition),
        upstream_code=row.upstream_code,
        upstream_reply=row.upstream_reply,
        mailout_id=row.mailout_id,
    )
