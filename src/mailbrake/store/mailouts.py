"""Mailouts: store a draft with its attachments, read it back, move it through the lifecycle."""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa

from mailbrake import lifecycle
from mailbrake.errors import ConflictError, NotFoundError
from mailbrake.models import Attachment, Mailout, MailoutContent, MailoutState
from mailbrake.store.base import StoreBase
from mailbrake.store.tables import lists, mailout_attachments, mailouts


class MailoutOps(StoreBase):
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
            mailout_id = int(
                conn.execute(mailouts.insert().values(**values)).inserted_primary_key[0]
            )
            for position, item in enumerate(content.attachments):
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

    def list_mailouts(self, limit: int = 50) -> list[Mailout]:
        with self.engine.connect() as conn:
            ids = conn.execute(
                sa.select(mailouts.c.id).order_by(mailouts.c.id.desc()).limit(limit)
            ).scalars()
            wanted = list(ids)
        return [self.get_mailout(i) for i in wanted]

    def change_state(
        self, mailout_id: int, wanted: MailoutState, *, reason: str = ""
    ) -> tuple[MailoutState, MailoutState]:
        """Move a mailout to `wanted` if the lifecycle allows it from its current state.

        Compare-and-set: if another process changed the state in between, this raises
        ConflictError rather than overwriting it. Returns (before, after).
        """
        current = self.get_mailout(mailout_id).state
        lifecycle.check_change(mailout_id, current, wanted)
        values: dict[str, Any] = {"state": wanted.value, "updated_at": self.clock.now()}
        if wanted is MailoutState.PAUSED or reason:
            values["paused_reason"] = reason
        if wanted is MailoutState.SENDING:
            values["started_at"] = sa.func.coalesce(mailouts.c.started_at, self.clock.now())
        if wanted in lifecycle.FINAL:
            values["finished_at"] = self.clock.now()
        with self.engine.begin() as conn:
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
        return current, wanted
