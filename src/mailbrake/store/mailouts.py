"""Mailouts: store a draft with its attachments, read it back, move it through the lifecycle."""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa

from mailbrake import lifecycle
from mailbrake.errors import ConflictError, NotFoundError
from mailbrake.models import Attachment, Mailout, MailoutContent, MailoutState
from mailbrake.store.audit import AuditOps
from mailbrake.store.tables import lists, mailout_attachments, mailouts

EDITABLE = frozenset(
    {
        MailoutState.DRAFT,
        MailoutState.CHECKED,
        MailoutState.AWAITING_APPROVAL,
        MailoutState.SCHEDULED,
    }
)


def _insert_attachments(
    conn: sa.Connection, mailout_id: int, attachments: tuple[Attachment, ...]
) -> None:
    for position, item in enumerate(attachments):
        conn.execute(
            mailout_attachments.insert().values(
                mailout_id=mailout_id,
                position=position,
                filename=item.filename,
                content_type=item.content_type,
                data=item.data,
                sha256=hashlib.sha256(item.data).hexdigest(),
            )
        )


class MailoutOps(AuditOps):
    def create_mailout(
        self,
        list_id: int,
        content: MailoutContent,
        *,
        created_by: str = "",
        options: dict[str, Any] | None = None,
    ) -> int:
        now = self.clock.now()
        values = {
            "list_id": list_id,
            "state": MailoutState.DRAFT.value,
            "from_addr": content.from_addr,
            "subject": content.subject,
            "text_body": content.text,
            "html_body": content.html,
            "created_by": created_by,
            "created_at": now,
            "updated_at": now,
            "options": options or {},
        }
        with self.engine.begin() as conn:
            inserted = conn.execute(mailouts.insert().values(**values))
            mailout_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
            _insert_attachments(conn, mailout_id, content.attachments)
            details = {
                "list_id": list_id,
                "subject": content.subject,
                "from": content.from_addr,
                "attachments": [a.filename for a in content.attachments],
            }
            self.record_event(
                created_by or "system", "mailout.created", "mailout", mailout_id, details, conn=conn
            )
        return mailout_id

    def get_mailout(self, mailout_id: int) -> Mailout:
        query = sa.select(mailouts, lists.c.name.label("list_name")).join(lists)
        with self.engine.connect() as conn:
            row = conn.execute(query.where(mailouts.c.id == mailout_id)).first()
            if row is None:
                raise NotFoundError(
                    "mailout", mailout_id, hint="See `mailbrake mailouts list` for the mailouts."
                )
            files = conn.execute(
                sa.select(mailout_attachments)
                .where(mailout_attachments.c.mailout_id == mailout_id)
                .order_by(mailout_attachments.c.position)
            ).all()
        attachments = tuple(Attachment(f.filename, f.content_type, f.data) for f in files)
        content = MailoutContent(
            from_addr=row.from_addr,
            subject=row.subject,
            text=row.text_body,
            html=row.html_body,
            attachments=attachments,
        )
        return Mailout(
            id=row.id,
            list_id=row.list_id,
            list_name=row.list_name,
            state=MailoutState(row.state),
            content=content,
            created_at=row.created_at,
            created_by=row.created_by,
            paused_reason=row.paused_reason,
            options=dict(row.options or {}),
        )

    def update_content(self, mailout_id: int, content: MailoutContent, *, actor: str) -> None:
        """Replace the content of a mailout that has not started; it goes back to draft, so
        the check (and any approval, bound to the old content) must be done again."""
        current = self.get_mailout(mailout_id).state
        if current not in EDITABLE:
            raise ConflictError(
                f"Mailout {mailout_id} is {current}; only a mailout that has not started "
                "sending can be edited.",
                hint="Stop or cancel it and create a new one.",
            )
        with self.engine.begin() as conn:
            changed = conn.execute(
                mailouts.update()
                .where(mailouts.c.id == mailout_id, mailouts.c.state == current.value)
                .values(
                    from_addr=content.from_addr,
                    subject=content.subject,
                    text_body=content.text,
                    html_body=content.html,
                    state=MailoutState.DRAFT.value,
                    updated_at=self.clock.now(),
                )
            ).rowcount
            if changed != 1:
                raise ConflictError(f"Mailout {mailout_id} changed while it was being edited.")
            conn.execute(
                mailout_attachments.delete().where(mailout_attachments.c.mailout_id == mailout_id)
            )
            _insert_attachments(conn, mailout_id, content.attachments)
            details = {
                "from": str(current),
                "to": "draft",
                "reason": "content edited",
                "subject": content.subject,
                "attachments": [a.filename for a in content.attachments],
            }
            self.record_event(actor, "mailout.edited", "mailout", mailout_id, details, conn=conn)

    def set_mailout_options(self, mailout_id: int, patch: dict[str, Any]) -> None:
        """Merge `patch` into the mailout's options (top-level keys replaced)."""
        with self.engine.begin() as conn:
            current = conn.execute(
                sa.select(mailouts.c.options).where(mailouts.c.id == mailout_id)
            ).scalar()
            merged = {**dict(current or {}), **patch}
            conn.execute(
                mailouts.update().where(mailouts.c.id == mailout_id).values(options=merged)
            )

    def list_mailouts(self, limit: int = 50) -> list[Mailout]:
        with self.engine.connect() as conn:
            ids = conn.execute(
                sa.select(mailouts.c.id).order_by(mailouts.c.id.desc()).limit(limit)
            ).scalars()
            wanted = list(ids)
        return [self.get_mailout(i) for i in wanted]

    def change_state(
        self,
        mailout_id: int,
        wanted: MailoutState,
        *,
        actor: str = "system",
        reason: str = "",
        extra: dict[str, Any] | None = None,
    ) -> tuple[MailoutState, MailoutState]:
        """Move a mailout to `wanted` if the lifecycle allows it from its current state.

        Compare-and-set: if another process changed the state in between, this raises
        ConflictError rather than overwriting it. The change and its audit event commit
        together. `extra` sets other mailout columns in the same update (scheduled_for).
        Returns (before, after).
        """
        current = self.get_mailout(mailout_id).state
        lifecycle.check_change(mailout_id, current, wanted)
        with self.engine.begin() as conn:
            changed = conn.execute(
                mailouts.update()
                .where(mailouts.c.id == mailout_id, mailouts.c.state == current.value)
                .values(**self._state_values(wanted, reason), **(extra or {}))
            ).rowcount
            if changed != 1:
                raise ConflictError(
                    f"Mailout {mailout_id} changed state while this command ran; "
                    f"check `mailbrake status {mailout_id}` and try again."
                )
            details = {"from": str(current), "to": str(wanted), "reason": reason}
            self.audit_state_change(conn, actor, mailout_id, details)
        return current, wanted

    def _state_values(self, wanted: MailoutState, reason: str) -> dict[str, Any]:
        now = self.clock.now()
        values: dict[str, Any] = {"state": wanted.value, "updated_at": now}
        if wanted is MailoutState.PAUSED or reason:
            values["paused_reason"] = reason
        if wanted is MailoutState.SENDING:
            values["started_at"] = sa.func.coalesce(mailouts.c.started_at, now)
        if wanted in lifecycle.FINAL:
            values["finished_at"] = now
        return values

    def audit_state_change(
        self, conn: sa.Connection, actor: str, mailout_id: int, details: dict[str, Any]
    ) -> None:
        """Record a state change inside the transaction that makes it (see AuditOps)."""
        self.record_event(actor, "mailout.state", "mailout", mailout_id, details, conn=conn)
