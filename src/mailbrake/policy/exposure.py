"""The exposure score: how sensitive the content is, times how far and how wide it would go."""

from __future__ import annotations

import math
from collections.abc import Sequence

from mailbrake.models import Category, Confidence, Finding
from mailbrake.policy.facts import AudienceFacts, Exposure

# How much harm one confirmed finding of each category does: leaked secrets and personal data
# cannot be recalled; gossip and unreadable parts are a risk rather than a certainty.
CATEGORY_WEIGHT = {
    Category.CREDENTIALS: 10.0,
    Category.PERSONAL_DATA: 8.0,
    Category.CONFIDENTIAL: 6.0,
    Category.INTERNAL: 4.0,
    Category.GOSSIP: 3.0,
    Category.UNSCANNABLE: 3.0,
}
CONFIDENCE_WEIGHT = {Confidence.HIGH: 1.0, Confidence.MEDIUM: 0.6, Confidence.LOW: 0.25}
NAMED_FACTOR = 1.5  # the people the message is about are among its readers


def exposure_score(findings: Sequence[Finding], audience: AudienceFacts | None) -> Exposure:
    """score = sum(content.*) x audience.reach x audience.external x audience.named.

    content.<category> = weight x confidence x (1 + ln count): more findings add less each.
    audience.reach = 1 + log10(recipients); audience.external = 1 + external share (1 to 2);
    audience.named = 1.5 when a recipient is named in the content. No audience: factors of 1.
    """
    parts = _content_parts(findings)
    content = sum(parts.values())
    if content == 0:
        return Exposure(0.0, {})
    factor = 1.0
    if audience is not None:
        audience_parts = _audience_parts(audience)
        parts.update(audience_parts)
        factor = math.prod(audience_parts.values())
    return Exposure(round(content * factor, 2), parts)


def _content_parts(findings: Sequence[Finding]) -> dict[str, float]:
    grouped: dict[Category, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.category, []).append(finding)
    parts: dict[str, float] = {}
    for category, found in grouped.items():
        top = max(f.confidence for f in found)
        weight = CATEGORY_WEIGHT.get(category, 1.0) * CONFIDENCE_WEIGHT[top]
        parts[f"content.{category}"] = round(weight * (1 + math.log(len(found))), 2)
    return parts


def _audience_parts(audience: AudienceFacts) -> dict[str, float]:
    size = max(audience.size, 1)
    share = min(max(audience.external, 0) / size, 1.0)
    parts = {
        "audience.reach": round(1 + math.log10(size), 2),
        "audience.external": round(1 + share, 2),
    }
    if audience.named_recipients:
        parts["audience.named"] = NAMED_FACTOR
    return parts
