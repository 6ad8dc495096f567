"""Apply a policy: each rule's conditions against the findings, audience and exposure."""

from __future__ import annotations

from collections.abc import Sequence

from mailbrake.models import Category, Finding, Origin, Verdict
from mailbrake.policy.exposure import exposure_score
from mailbrake.policy.facts import AudienceFacts, Decision, Exposure, RuleMatch
from mailbrake.policy.plan import RulePlan, plan_rule
from mailbrake.policy.schema import Policy, Rule

_INTERNAL_CONTENT = frozenset({Category.INTERNAL, Category.CONFIDENTIAL})
_ORIGIN_WORDS = {
    Origin.OWN: "each recipient gets their own",
    Origin.SHARED: "the same value goes to everyone",
}
# Detectors that judge meaning (a learned model, cue lexicons), and the content patterns of
# the rule detectors that read a situation rather than confirm a value or a marker (a deal
# "not yet announced", a "claim against us", a salary or health fact in prose): their
# findings are guesses, so they can make a message warn or hold but never block it on their
# own. A false alarm then costs the sender a click and a justification, not a policy edit.
# What still blocks: identifiers with checksums, secrets, classification markers, bank
# account details and unreadable parts.
GUESSING_DETECTORS = frozenset({"meaning", "gossip", "internal", "documents"})
GUESSING_KINDS = frozenset(
    {
        ("confidential", "unannounced_deal"),
        ("confidential", "unannounced_results"),
        ("confidential", "legal_matter"),
        ("personal", "health"),
        ("personal", "salary"),
        ("personal", "salary_table"),
        ("personal", "home_address"),
        ("personal", "date_of_birth"),
        ("personal", "personal_phone"),
        ("personal", "contact_list"),
    }
)
CAPPED = (
    "capped at hold: only guesses (the meaning model, cue lexicons, content patterns) found this"
)


def is_guess(finding: Finding) -> bool:
    """Whether a finding reads meaning (may warn or hold) rather than confirm a value or marker."""
    return (
        finding.detector in GUESSING_DETECTORS or (finding.detector, finding.kind) in GUESSING_KINDS
    )


def evaluate(
    policy: Policy, findings: Sequence[Finding], audience: AudienceFacts | None
) -> Decision:
    """The strictest enforced rule that matches decides; audit rules are only recorded.

    A block stands only if the findings of non-guessing detectors alone still block;
    otherwise the verdict is hold, with the block rule's match kept and the cap recorded.
    """
    decision = _evaluate(policy, findings, audience)
    if decision.verdict is not Verdict.BLOCK:
        return decision
    confirmed = [f for f in findings if not is_guess(f)]
    if len(confirmed) == len(findings):
        return decision
    if _evaluate(policy, confirmed, audience).verdict is Verdict.BLOCK:
        return decision
    cap = RuleMatch("guess-cap", Verdict.HOLD, CAPPED)
    return Decision(
        Verdict.HOLD, decision.deciding_rule, (*decision.matches, cap), decision.exposure
    )


def _evaluate(
    policy: Policy, findings: Sequence[Finding], audience: AudienceFacts | None
) -> Decision:
    exposure = exposure_score(findings, audience)
    present = frozenset(f.category for f in findings)
    unreadable = Category.UNSCANNABLE in present
    matches: list[RuleMatch] = []
    for plan in policy.plans:
        if plan.selects and plan.categories and plan.categories.isdisjoint(present):
            continue  # it selects none of these findings, and it needs at least one
        match = _match(plan, findings, unreadable, audience, exposure)
        if match is not None:
            matches.append(match)
    enforced = [m for m in matches if not m.audit_only]
    if not enforced:
        return Decision(Verdict.ALLOW, "default", tuple(matches), exposure)
    # max() keeps the first of equals, so among equally strict rules the earliest one decides.
    decider = max(enforced, key=lambda m: m.action)
    return Decision(decider.action, decider.rule, tuple(matches), exposure)


def match_rule(
    rule: Rule,
    findings: Sequence[Finding],
    audience: AudienceFacts | None,
    exposure: Exposure,
) -> RuleMatch | None:
    """A RuleMatch when every condition the rule sets holds, else None."""
    unreadable = any(f.category is Category.UNSCANNABLE for f in findings)
    return _match(plan_rule(rule), findings, unreadable, audience, exposure)


def _match(
    plan: RulePlan,
    findings: Sequence[Finding],
    unreadable: bool,
    audience: AudienceFacts | None,
    exposure: Exposure,
) -> RuleMatch | None:
    selected = plan.selected(findings)
    if plan.selects and len(selected) < plan.min_count:
        return None
    rule = plan.rule
    if rule.unscannable is not None and unreadable != rule.unscannable:
        return None
    if not _audience_holds(plan, selected, audience):
        return None
    if rule.min_exposure is not None and exposure.score < rule.min_exposure:
        return None
    if rule.max_exposure is not None and exposure.score > rule.max_exposure:
        return None
    reason = _explain(plan, selected, audience, exposure)
    return RuleMatch(rule.name, plan.verdict, reason, plan.audit)


def _audience_holds(
    plan: RulePlan, selected: list[Finding], audience: AudienceFacts | None
) -> bool:
    rule = plan.rule
    if rule.audience_unknown is not None and rule.audience_unknown != (audience is None):
        return False
    if audience is None:
        # Unknown audience (a file being scanned): audience conditions cannot be judged.
        return not plan.needs_audience
    size, external = audience.size, audience.external
    share = external / size if size > 0 else 0.0
    checks = (
        rule.min_audience is None or size >= rule.min_audience,
        rule.max_audience is None or size <= rule.max_audience,
        rule.has_external is None or (external > 0) == rule.has_external,
        rule.min_external is None or external >= rule.min_external,
        rule.min_external_share is None or share >= rule.min_external_share,
        rule.named_recipient is None or bool(audience.named_recipients) == rule.named_recipient,
        rule.internal_to_external is None
        or _is_internal_to_external(selected, audience) == rule.internal_to_external,
    )
    return all(checks)


def _is_internal_to_external(selected: list[Finding], audience: AudienceFacts) -> bool:
    return audience.external > 0 and any(f.category in _INTERNAL_CONTENT for f in selected)


def _explain(
    plan: RulePlan, selected: list[Finding], audience: AudienceFacts | None, exposure: Exposure
) -> str:
    """The rule's own reason plus the facts that made it match."""
    rule = plan.rule
    facts: list[str] = []
    if plan.selects and selected:
        counts: dict[str, int] = {}
        for finding in selected:
            counts[str(finding.category)] = counts.get(str(finding.category), 0) + 1
        facts.append(", ".join(f"{n} {category}" for category, n in counts.items()))
        if plan.origins:
            facts.append(" or ".join(sorted(_ORIGIN_WORDS[o] for o in plan.origins)))
    if plan.needs_audience and audience is not None:
        facts.append(f"{audience.size:,} recipients, {audience.external:,} external")
        if rule.named_recipient and audience.named_recipients:
            facts.append(f"named: {', '.join(audience.named_recipients[:3])}")
    if rule.min_exposure is not None or rule.max_exposure is not None:
        facts.append(f"exposure {exposure.score:g}")
    if rule.audience_unknown:
        facts.append("audience unknown")
    base = rule.reason or f"rule '{rule.name}' matched"
    return f"{base} ({'; '.join(facts)})" if facts else base
