"""Audience facts and the decision types the policy produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mailbrake.models import Verdict


@dataclass(frozen=True, slots=True)
class AudienceFacts:
    """Who would receive a message, reduced to what the policy needs."""

    size: int
    external: int
    external_domains: Mapping[str, int] = field(default_factory=dict)
    named_recipients: tuple[str, ...] = ()  # emails of recipients named in the content


@dataclass(frozen=True, slots=True)
class Exposure:
    """How much harm the message could do, with the components that add up to `score`."""

    score: float
    parts: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RuleMatch:
    rule: str
    action: Verdict
    reason: str
    audit_only: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    deciding_rule: str
    matches: tuple[RuleMatch, ...]
    exposure: Exposure
