"""Check results: store one per run of the check, read the newest for a mailout."""

from __future__ import annotations

import sqlalchemy as sa

from mailbrake.models import CheckResult, Verdict
from mailbrake.store.base import StoreBase
from mailbrake.store.tables import checks


class CheckOps(StoreBase):
    def record_check(self, result: CheckResult) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                checks.insert().values(
                    mailout_id=result.mailout_id,
                    checked_at=result.checked_at,
                    verdict=str(result.verdict),
                    deciding_rule=result.deciding_rule,
                    findings=list(result.findings),
                    audience=result.audience,
                    exposure=result.exposure,
                    matches=list(result.matches),
                    content_hash=result.content_hash,
                    audience_hash=result.audience_hash,
                )
            )

    def latest_check(self, mailout_id: int) -> CheckResult | None:
        query = (
            sa.select(checks)
            .where(checks.c.mailout_id == mailout_id)
            .order_by(checks.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return CheckResult(
            mailout_id=row.mailout_id,
            checked_at=row.checked_at,
            verdict=Verdict[row.verdict.upper()],
            deciding_rule=row.deciding_rule,
            findings=tuple(row.findings),
            audience=dict(row.audience),
            exposure=dict(row.exposure),
            matches=tuple(row.matches),
            content_hash=row.content_hash,
            audience_hash=row.audience_hash,
        )
