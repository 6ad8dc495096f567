"""Check results: store one per run of the check, read the newest for a mailout."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from mailbrake.models import (
    AudienceFacts,
    Category,
    CheckResult,
    Confidence,
    Exposure,
    Finding,
    Location,
    Origin,
    RuleMatch,
    Verdict,
)
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
                    findings=[_finding_row(f) for f in result.findings],
                    audience=result.audience.as_dict(),
                    exposure=result.exposure.as_dict(),
                    matches=[m.as_dict() for m in result.matches],
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
            findings=tuple(_finding(f) for f in row.findings),
            audience=_audience(row.audience),
            exposure=_exposure(row.exposure),
            matches=tuple(_match(m) for m in row.matches),
            content_hash=row.content_hash,
            audience_hash=row.audience_hash,
        )


def _finding_row(finding: Finding) -> dict[str, Any]:
    # "where" keeps the location's parts: the joined text alone cannot be split back.
    return {**finding.as_dict(), "where": finding.location.as_list()}


def _finding(data: Mapping[str, Any]) -> Finding:
    where = data.get("where")
    if where:
        location = Location(*where)
    else:  # stored before "where": the joined text is all there is
        part, _, rest = str(data["location"]).partition("/")
        location = Location(part, rest)
    return Finding(
        category=Category(data["category"]),
        detector=str(data["detector"]),
        kind=str(data["type"]),
        location=location,
        snippet=str(data["snippet"]),
        confidence=Confidence[str(data["confidence"]).upper()],
        origin=Origin(str(data.get("origin", Origin.SHARED))),
        score=float(data["score"]) if data.get("score") is not None else None,
        words=tuple(str(w) for w in data.get("words", ())),
    )


def _audience(data: Mapping[str, Any]) -> AudienceFacts:
    return AudienceFacts(
        size=int(data["size"]),
        external=int(data["external"]),
        external_domains={str(k): int(v) for k, v in data["external_domains"].items()},
        named_recipients=tuple(str(e) for e in data["named_recipients"]),
    )


def _exposure(data: Mapping[str, Any]) -> Exposure:
    return Exposure(float(data["score"]), {str(k): float(v) for k, v in data["parts"].items()})


def _match(data: Mapping[str, Any]) -> RuleMatch:
    action = Verdict[str(data["action"]).upper()]
    return RuleMatch(str(data["rule"]), action, str(data["reason"]), bool(data["audit_only"]))
