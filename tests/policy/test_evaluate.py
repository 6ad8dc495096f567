"""evaluate: strictest enforced rule wins, audit rules are recorded only, conditions combine."""

from __future__ import annotations

import pickle

from mailbrake.models import Category, Confidence, Finding, Location, Verdict
from mailbrake.policy import (
    AudienceFacts,
    evaluate,
    exposure_score,
    load_policy,
    match_rule,
    parse_policy,
)

BODY = Location("body")


def finding(
    category: Category, confidence: Confidence = Confidence.HIGH, kind: str = "x"
) -> Finding:
    return Finding(category, "test", kind, BODY, "***", confidence)


def audience(size: int, external: int = 0, named: tuple[str, ...] = ()) -> AudienceFacts:
    domains = {"customers.example": external} if external else {}
    return AudienceFacts(size, external, domains, named)


def policy(text: str):  # type: ignore[no-untyped-def]
    return parse_policy(text, "test.toml")


def test_strictest_matching_rule_decides() -> None:
    rules = policy(
        """
        [[rule]]
        name = "warn-any"
        category = "personal_data"
        action = "warn"
        [[rule]]
        name = "block-external"
        category = "personal_data"
        has_external = true
        action = "block"
        [[rule]]
        name = "hold-many"
        min_audience = 10
        action = "hold"
        """
    )
    decision = evaluate(rules, [finding(Category.PERSONAL_DATA)], audience(50, external=1))
    assert decision.verdict is Verdict.BLOCK
    assert decision.deciding_rule == "block-external"
    assert [m.rule for m in decision.matches] == ["warn-any", "block-external", "hold-many"]


def test_among_equally_strict_rules_the_first_decides() -> None:
    rules = policy(
        """
        [[rule]]
        name = "first"
        action = "hold"
        [[rule]]
        name = "second"
        action = "hold"
        """
    )
    assert evaluate(rules, [], audience(1)).deciding_rule == "first"


def test_audit_rule_is_recorded_but_not_enforced() -> None:
    rules = policy(
        """
        [[rule]]
        name = "trial-block-gossip"
        category = "gossip"
        action = "block"
        mode = "audit"
        [[rule]]
        name = "warn-gossip"
        category = "gossip"
        action = "warn"
        """
    )
    decision = evaluate(rules, [finding(Category.GOSSIP)], audience(3))
    assert decision.verdict is Verdict.WARN
    assert decision.deciding_rule == "warn-gossip"
    audit = [m for m in decision.matches if m.rule == "trial-block-gossip"]
    assert audit[0].audit_only
    assert audit[0].action is Verdict.BLOCK


def test_no_match_allows_with_the_default_rule() -> None:
    rules = policy('[[rule]]\nname = "creds"\ncategory = "credentials"\naction = "block"')
    decision = evaluate(rules, [finding(Category.GOSSIP)], audience(1))
    assert (decision.verdict, decision.deciding_rule, decision.matches) == (
        Verdict.ALLOW,
        "default",
        (),
    )


def test_min_confidence_and_min_count_filter_findings() -> None:
    rules = policy(
        """
        [[rule]]
        name = "many-confirmed-ibans"
        kind = "iban"
        min_confidence = "high"
        min_count = 3
        action = "hold"
        """
    )
    two_high = [finding(Category.PERSONAL_DATA, kind="iban")] * 2
    low = [finding(Category.PERSONAL_DATA, Confidence.LOW, kind="iban")]
    other = [finding(Category.PERSONAL_DATA, kind="us_ssn")]
    assert evaluate(rules, two_high + low + other, None).verdict is Verdict.ALLOW
    assert evaluate(rules, two_high * 2, None).verdict is Verdict.HOLD


def test_audience_rules_never_match_an_unknown_audience() -> None:
    rules = policy('[[rule]]\nname = "small"\nmax_audience = 5\naction = "warn"')
    assert evaluate(rules, [], None).verdict is Verdict.ALLOW
    assert evaluate(rules, [], audience(3)).verdict is Verdict.WARN


def test_audience_unknown_rule_matches_only_without_audience_facts() -> None:
    rules = policy('[[rule]]\nname = "scan"\naudience_unknown = true\naction = "hold"')
    assert evaluate(rules, [], None).verdict is Verdict.HOLD
    assert evaluate(rules, [], audience(1)).verdict is Verdict.ALLOW


def test_internal_to_external_needs_both_internal_content_and_an_outsider() -> None:
    rules = policy('[[rule]]\nname = "leak"\ninternal_to_external = true\naction = "block"')
    internal = [finding(Category.INTERNAL)]
    assert evaluate(rules, internal, audience(10, external=1)).verdict is Verdict.BLOCK
    assert evaluate(rules, internal, audience(10)).verdict is Verdict.ALLOW
    gossip = [finding(Category.GOSSIP)]
    assert evaluate(rules, gossip, audience(10, external=1)).verdict is Verdict.ALLOW


def test_named_recipient_and_external_share_conditions() -> None:
    rules = policy(
        """
        [[rule]]
        name = "about-a-reader"
        named_recipient = true
        category = "internal"
        action = "hold"
        [[rule]]
        name = "mostly-outside"
        min_external_share = 0.5
        action = "warn"
        """
    )
    named = audience(4, named=("jane.smith@corp.example",))
    internal = [finding(Category.INTERNAL)]
    assert evaluate(rules, internal, named).deciding_rule == "about-a-reader"
    assert evaluate(rules, internal, audience(4)).verdict is Verdict.ALLOW
    assert evaluate(rules, [], audience(4, external=2)).deciding_rule == "mostly-outside"
    assert evaluate(rules, [], audience(4, external=1)).verdict is Verdict.ALLOW


def test_unscannable_and_exposure_conditions() -> None:
    rules = policy(
        """
        [[rule]]
        name = "cannot-read"
        unscannable = true
        action = "hold"
        [[rule]]
        name = "exposed"
        min_exposure = 100
        action = "block"
        """
    )
    unreadable = [finding(Category.UNSCANNABLE)]
    assert evaluate(rules, unreadable, audience(1)).deciding_rule == "cannot-read"
    ids = [finding(Category.PERSONAL_DATA)] * 5
    assert evaluate(rules, ids, audience(2)).verdict is Verdict.ALLOW
    assert evaluate(rules, ids, audience(5000, external=5000)).deciding_rule == "exposed"


def test_match_reason_names_the_rule_reason_and_the_facts() -> None:
    rules = policy(
        """
        [[rule]]
        name = "pd-out"
        category = "personal_data"
        has_external = true
        action = "block"
        reason = "Personal data must stay inside"
        """
    )
    decision = evaluate(rules, [finding(Category.PERSONAL_DATA)] * 2, audience(4000, 4000))
    assert decision.matches[0].reason == (
        "Personal data must stay inside (2 personal_data; 4,000 recipients, 4,000 external)"
    )


def test_evaluate_matches_the_same_rules_as_match_rule_one_by_one() -> None:
    """The per-policy plans (and the skip of rules whose categories are absent) change nothing."""
    default = load_policy()
    cases = [
        [],
        [finding(Category.PERSONAL_DATA, Confidence.LOW)],
        [finding(Category.CREDENTIALS), finding(Category.GOSSIP, Confidence.MEDIUM)],
        [finding(Category.INTERNAL, Confidence.MEDIUM), finding(Category.UNSCANNABLE)],
        [finding(Category.CONFIDENTIAL), finding(Category.PERSONAL_DATA, kind="iban")],
    ]
    for found in cases:
        for facts in (None, audience(1), audience(40, external=3, named=("a@x.org",))):
            exposure = exposure_score(found, facts)
            expected = [match_rule(rule, found, facts, exposure) for rule in default.rules]
            decision = evaluate(default, found, facts)
            assert list(decision.matches) == [m for m in expected if m is not None]


def test_a_policy_keeps_its_rule_plans_through_pickling_for_worker_processes() -> None:
    default = load_policy()
    copy = pickle.loads(pickle.dumps(default))
    assert [p.rule.name for p in copy.plans] == [r.name for r in default.rules]
    found = [finding(Category.CREDENTIALS)]
    assert evaluate(copy, found, None) == evaluate(default, found, None)
