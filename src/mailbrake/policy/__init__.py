"""The policy: findings and audience facts in, a verdict out."""

from __future__ import annotations

from mailbrake.policy.evaluate import evaluate, match_rule
from mailbrake.policy.exposure import exposure_score
from mailbrake.policy.facts import AudienceFacts, Decision, Exposure, RuleMatch
from mailbrake.policy.schema import Policy, Rule, load_policy, parse_policy

__all__ = [
    "AudienceFacts",
    "Decision",
    "Exposure",
    "Policy",
    "Rule",
    "RuleMatch",
    "evaluate",
    "exposure_score",
    "load_policy",
    "match_rule",
    "parse_policy",
]
