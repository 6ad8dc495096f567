"""Approvals and overrides: who vouched for a mailout, for which snapshot, until when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from mailbrake.models import ApprovalDecision
from mailbrake.store.audit import AuditOps
from mailbrake.store.tables import approvals, mailouts, overrides, test_sends


@dataclass(frozen=True, slots=True)
class Approval:
    id: int
    mailout_id: int
    approver: str
    decision: ApprovalDecision
    note: str
    snapshot: str
    decided_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Override:
    mailout_id: int
    by: str
    at: datetime
    verdict: str
    justification: str
    snapshot: str


class ApprovalOps(AuditOps):
    def record_decision(self, decision: Approval) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                approvals.insert().values(
                    mailout_id=decision.mailout_id,
                    approver=decision.approver,
                    decision=str(decision.decision),
                    note=decision.note,
                    snapshot=decision.snapshot,
                    decided_at=decision.decided_at,
                    expires_at=decision.expires_at,
                )
            )

    def decisions_for(self, mailout_id: int) -> list[Approval]:
        query = sa.select(approvals).where(approvals.c.mailout_id == mailout_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(approvals.c.id)).all()
        return [
            Approval(
                r.id,
                r.mailout_id,
                r.approver,
                ApprovalDecision(r.decision),
                r.note,
                r.snapshot,
                r.decided_at,
                r.expires_at,
            )
            for r in rows
        ]

    def record_override(self, item: Override) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                overrides.insert().values(
                    mailout_id=item.mailout_id,
                    by=item.by,
                    at=item.at,
                    verdict=item.verdict,
                    justification=item.justification,
                    snapshot=item.snapshot,
                )
            )

    def overrides_for(self, mailout_id: int) -> list[Override]:
        query = sa.select(overrides).where(overrides.c.mailout_id == mailout_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(overrides.c.id)).all()
        return [
            Override(r.mailout_id, r.by, r.at, r.verdict, r.justification, r.snapshot) for r in rows
        ]

    def scheduled_for(self, mailout_id: int) -> datetime | None:
        query = sa.select(mailouts.c.scheduled_for).where(mailouts.c.id == mailout_id)
        with self.engine.connect() as conn:
            value: datetime | None = conn.execute(query).scalar()
        return value

    def scheduled_mailouts(self) -> list[tuple[int, datetime]]:
        """Every scheduled mailout with its planned start, soonest first."""
        query = (
            sa.select(mailouts.c.id, mailouts.c.scheduled_for)
            .where(mailouts.c.state == "scheduled")
            .order_by(mailouts.c.scheduled_for)
        )
        with self.engine.connect() as conn:
            return [(r.id, r.scheduled_for) for r in conn.execute(query)]

    def record_test_send(
        self,
        mailout_id: int,
        by: str,
        to_addr: str,
        rendered_for: str,
        code: int,
        reply: str,
        message_id: str,
    ) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                test_sends.insert().values(
                    mailout_id=mailout_id,
                    by=by,
                    to_addr=to_addr,
                    rendered_for=rendered_for,
                    at=self.clock.now(),
                    smtp_code=code,
                    smtp_reply=reply,
                    message_id=message_id,
                )
            )
            self.record_event(
                by,
                "mailout.test_send",
                "mailout",
                mailout_id,
                {"to": to_addr, "rendered_for": rendered_for, "code": code},
                conn=conn,
            )

    def test_sends_for(self, mailout_id: int) -> list[dict[str, object]]:
        query = sa.select(test_sends).where(test_sends.c.mailout_id == mailout_id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query.order_by(test_sends.c.id))]
