"""A rule reduced once, when the policy loads, to the plain values `evaluate` compares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailbrake.models import Category, Confidence, Finding, Origin, Verdict

if TYPE_CHECKING:
    from mailbrake.policy.schema import Rule

# Fields that select findings; a rule that sets one needs `min_count` matching findings.
FINDING_FIELDS = frozenset(
    {"category", "kind", "detector", "min_confidence", "min_count", "origin"}
)
# Fields that need to know the audience; such a rule never matches in `mailbrake scan`.
AUDIENCE_FIELDS = frozenset(
    {
        "min_audience",
        "max_audience",
        "has_external",
        "min_external",
        "min_external_share",
        "named_recipient",
        "internal_to_external",
    }
)


@dataclass(frozen=True, slots=True)
class RulePlan:
    """One rule's conditions as sets and enums, so matching a message builds nothing.

    Reading them from the pydantic Rule on every message (properties that build a frozenset
    of enums each time, `model_fields_set` look-ups) cost more than the matching itself.
    """

    rule: Rule
    verdict: Verdict
    audit: bool
    selects: bool  # sets a finding field, so it needs `min_count` selected findings
    needs_audience: bool  # sets an audience field
    categories: frozenset[Category]
    confidence: Confidence
    kinds: frozenset[str]
    detectors: frozenset[str]
    min_count: int
    origins: frozenset[Origin] = frozenset()  # empty: findings of any origin

    def selected(self, findings: Sequence[Finding]) -> list[Finding]:
        """The findings this rule's category, kind, detector and confidence select."""
        if not findings:
            return []
        confidence, categories = self.confidence, self.categories
        kinds, detectors, origins = self.kinds, self.detectors, self.origins
        return [
            f
            for f in findings
            if f.confidence >= confidence
            and (not categories or f.category in categories)
            and (not kinds or f.kind in kinds)
            and (not detectors or f.detector in detectors)
            and (not origins or f.origin in origins)
        ]


def plan_rule(rule: Rule) -> RulePlan:
    fields = rule.model_fields_set
    return RulePlan(
        rule=rule,
        verdict=rule.verdict,
        audit=rule.is_audit,
        selects=bool(fields & FINDING_FIELDS),
        needs_audience=bool(fields & AUDIENCE_FIELDS),
        categories=rule.categories,
        confidence=rule.confidence,
        kinds=frozenset(rule.kind),
        detectors=frozenset(rule.detector),
        min_count=rule.min_count,
        origins=rule.origins,
    )
