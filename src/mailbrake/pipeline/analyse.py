"""The one check core: extracted content and its recipients -> findings, audience, decision.

`check` (a stored mailout and its list) and `scan` (.eml files) both call `analyse`; they
differ only in where the text and the recipients come from. Everything it uses is passed
in an `Analyser`, so a process pool can rebuild one per process from a picklable recipe.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from mailbrake.extract.limits import Extraction
from mailbrake.models import AudienceFacts, Finding, TextSegment
from mailbrake.policy import Decision, Policy, evaluate
from mailbrake.rules import Scanner, unscannable_finding
from mailbrake.rules.audience import audience_facts

Recipients = Iterable[tuple[str, str]]  # (address, display name)
# The policy, reduced to what the analysis needs: findings (and audience) in, a decision out.
Decide = Callable[[Sequence[Finding], AudienceFacts | None], Decision]
# Audience facts from the recipients and the segments scanned (who is named in the content).
Audience = Callable[[Recipients, Sequence[TextSegment]], AudienceFacts | None]


class Detects(Protocol):
    """What the analysis needs of a Scanner (tests pass a failing one)."""

    def detect(self, segments: Iterable[TextSegment]) -> list[Finding]: ...


@dataclass(frozen=True, slots=True)
class Analysis:
    findings: tuple[Finding, ...]
    facts: AudienceFacts | None  # None when there were no recipients to look at
    decision: Decision


@dataclass(frozen=True, slots=True)
class Analyser:
    """The detectors, the audience rule and the policy a check runs with."""

    scanner: Detects
    decide: Decide
    audience: Audience | None = None


def analyse(extraction: Extraction, recipients: Recipients | None, analyser: Analyser) -> Analysis:
    """Detect in every segment, add a finding per unreadable part, look at the audience,
    and let the policy decide."""
    findings = analyser.scanner.detect(extraction.segments)
    findings += [unscannable_finding(u.location, u.reason) for u in extraction.unscannable]
    facts = None
    if analyser.audience is not None and recipients is not None:
        facts = analyser.audience(recipients, extraction.segments)
    return Analysis(tuple(findings), facts, analyser.decide(findings, facts))


def decide_with_policy(
    policy: Policy, findings: Sequence[Finding], facts: AudienceFacts | None
) -> Decision:
    """A Decide over the policy (bind `policy` with functools.partial)."""
    return evaluate(policy, findings, facts)


def audience_with_domains(
    internal_domains: tuple[str, ...], recipients: Recipients, segments: Sequence[TextSegment]
) -> AudienceFacts:
    """An Audience over rules.audience (bind `internal_domains` with functools.partial)."""
    return audience_facts(recipients, internal_domains, segments)


def policy_analyser(
    policy: Policy, internal_domains: Iterable[str], scanner: Detects | None = None
) -> Analyser:
    """The usual Analyser: the default detectors, the policy, the internal domains."""
    return Analyser(
        scanner if scanner is not None else Scanner(),
        functools.partial(decide_with_policy, policy),
        functools.partial(audience_with_domains, tuple(internal_domains)),
    )
