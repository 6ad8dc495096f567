"""Audience facts and the decision types the policy produces."""

from __future__ import annotations

from dataclasses import dataclass

# The facts cross stage boundaries (stored with a check, read by approval and reports), so
# they live in models; the policy re-exports them under their old home.
from mailbrake.models import AudienceFacts, Exposure, RuleMatch, Verdict

__all__ = ["AudienceFacts", "Decision", "Exposure", "RuleMatch"]


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    deciding_rule: str
    matches: tuple[RuleMatch, ...]
    exposure: Exposure
