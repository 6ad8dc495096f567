"""Findings of the guessing detectors (model, gossip, internal) warn or hold, never block."""

from __future__ import annotations

import pytest

from mailbrake.models import Category, Confidence, Finding, Location, Verdict
from mailbrake.policy import AudienceFacts, evaluate, load_policy

POLICY = load_policy()
BODY = Location("body", detail="line 3")
CUSTOMERS = AudienceFacts(size=4000, external=4000, external_domains={"mail.example": 4000})


def guess(category: Category, detector: str = "meaning") -> Finding:
    return Finding(category, detector, f"{category}_meaning", BODY, "“…”", Confidence.HIGH, 0.97)


@pytest.mark.parametrize(
    "category",
    [Category.PERSONAL_DATA, Category.CONFIDENTIAL, Category.INTERNAL, Category.GOSSIP],
)
def test_a_sure_model_finding_to_4000_external_customers_holds_not_blocks(
    category: Category,
) -> None:
    assert evaluate(POLICY, [guess(category)], CUSTOMERS).verdict is Verdict.HOLD


def test_the_capped_decision_keeps_the_block_rule_and_records_the_cap() -> None:
    decision = evaluate(POLICY, [guess(Category.CONFIDENTIAL)], CUSTOMERS)
    assert decision.deciding_rule == "internal-to-external"
    assert [m.action for m in decision.matches if m.rule == "guess-cap"] == [Verdict.HOLD]


def test_all_four_model_categories_together_still_only_hold() -> None:
    findings = [guess(c) for c in (Category.PERSONAL_DATA, Category.CONFIDENTIAL)]
    findings += [guess(Category.INTERNAL, "internal"), guess(Category.GOSSIP, "gossip")]
    assert evaluate(POLICY, findings, CUSTOMERS).verdict is Verdict.HOLD


def test_a_confirmed_identifier_next_to_a_guess_still_blocks() -> None:
    iban = Finding(
        Category.PERSONAL_DATA, "identifiers", "iban", BODY, "DE** 3000", Confidence.HIGH
    )
    decision = evaluate(POLICY, [iban, guess(Category.GOSSIP)], CUSTOMERS)
    assert decision.verdict is Verdict.BLOCK
    assert not any(m.rule == "guess-cap" for m in decision.matches)


def test_a_guess_in_an_unknown_audience_scan_holds() -> None:
    assert evaluate(POLICY, [guess(Category.CONFIDENTIAL)], None).verdict is Verdict.HOLD


def test_a_marker_going_outside_still_blocks() -> None:
    marker = Finding(
        Category.CONFIDENTIAL, "confidential", "classification_marker", BODY, "CONFIDENTIAL",
        Confidence.HIGH,
    )  # fmt: skip
    assert evaluate(POLICY, [marker], CUSTOMERS).verdict is Verdict.BLOCK
