"""Guesses (the model, cue lexicons, content patterns) warn or hold, never block."""

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


@pytest.mark.parametrize(
    ("category", "detector", "kind"),
    [
        (Category.CONFIDENTIAL, "confidential", "legal_matter"),
        (Category.CONFIDENTIAL, "confidential", "unannounced_deal"),
        (Category.CONFIDENTIAL, "confidential", "unannounced_results"),
        (Category.PERSONAL_DATA, "personal", "health"),
        (Category.PERSONAL_DATA, "personal", "salary"),
        (Category.PERSONAL_DATA, "personal", "home_address"),
        (Category.INTERNAL, "documents", "tracked_changes"),
    ],
)
def test_a_rule_that_reads_a_situation_rather_than_a_value_holds_not_blocks(
    category: Category, detector: str, kind: str
) -> None:
    # A "dispute" in a guest complaint or a "claim" in a news item must not need a policy edit.
    finding = Finding(category, detector, kind, BODY, "dispute", Confidence.HIGH)
    decision = evaluate(POLICY, [finding], CUSTOMERS)
    assert decision.verdict is Verdict.HOLD
    assert any(m.rule == "guess-cap" for m in decision.matches)


@pytest.mark.parametrize(
    ("detector", "kind"), [("personal", "bank_account"), ("personal", "sort_code")]
)
def test_bank_details_going_outside_still_block(detector: str, kind: str) -> None:
    finding = Finding(Category.PERSONAL_DATA, detector, kind, BODY, "12-**-**", Confidence.HIGH)
    assert evaluate(POLICY, [finding], CUSTOMERS).verdict is Verdict.BLOCK
