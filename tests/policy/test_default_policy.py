"""The shipped default policy gives sensible verdicts for typical mailouts and scanned files."""

from __future__ import annotations

import pytest

from mailbrake.models import Category, Confidence, Finding, Location, Verdict
from mailbrake.policy import AudienceFacts, evaluate, exposure_score, load_policy

POLICY = load_policy()
BODY = Location("body")


def found(
    category: Category, confidence: Confidence = Confidence.HIGH, n: int = 1
) -> list[Finding]:
    return [Finding(category, "test", "x", BODY, "***", confidence)] * n


THREE_IBANS = [
    Finding(Category.PERSONAL_DATA, "iban", "iban", BODY, "DE** 3000", Confidence.HIGH)
] * 3
ONE_COLLEAGUE = AudienceFacts(size=1, external=0)
CUSTOMERS = AudienceFacts(size=4000, external=4000, external_domains={"mail.example": 4000})
ALL_STAFF = AudienceFacts(size=300, external=0)


def test_three_ibans_to_one_colleague_score_far_below_4000_customers() -> None:
    colleague = exposure_score(THREE_IBANS, ONE_COLLEAGUE)
    customers = exposure_score(THREE_IBANS, CUSTOMERS)
    assert customers.score > 5 * colleague.score
    assert customers.parts["audience.external"] == 2.0
    assert colleague.parts["content.personal_data"] == customers.parts["content.personal_data"]


def test_three_ibans_to_one_colleague_warn_but_to_customers_block() -> None:
    assert evaluate(POLICY, THREE_IBANS, ONE_COLLEAGUE).verdict is Verdict.WARN
    assert evaluate(POLICY, THREE_IBANS, CUSTOMERS).verdict is Verdict.BLOCK


@pytest.mark.parametrize(
    ("findings", "audience", "verdict"),
    [
        (found(Category.CREDENTIALS), CUSTOMERS, Verdict.BLOCK),
        (found(Category.CREDENTIALS), ALL_STAFF, Verdict.HOLD),
        (found(Category.PERSONAL_DATA), ALL_STAFF, Verdict.HOLD),
        (found(Category.CONFIDENTIAL), CUSTOMERS, Verdict.BLOCK),
        (found(Category.INTERNAL), CUSTOMERS, Verdict.BLOCK),
        (found(Category.INTERNAL), ALL_STAFF, Verdict.HOLD),
        (found(Category.GOSSIP, Confidence.MEDIUM), ALL_STAFF, Verdict.HOLD),
        (found(Category.UNSCANNABLE), ONE_COLLEAGUE, Verdict.HOLD),
        ([], AudienceFacts(size=1500, external=0), Verdict.HOLD),
        ([], ALL_STAFF, Verdict.ALLOW),
        (found(Category.GOSSIP, Confidence.LOW), ONE_COLLEAGUE, Verdict.WARN),
    ],
)
def test_default_policy_for_mailouts(
    findings: list[Finding], audience: AudienceFacts, verdict: Verdict
) -> None:
    assert evaluate(POLICY, findings, audience).verdict is verdict


def test_named_recipient_receiving_internal_content_about_them_is_held() -> None:
    small_team = AudienceFacts(size=1, external=0, named_recipients=("mark.jones@corp.example",))
    decision = evaluate(POLICY, found(Category.INTERNAL, Confidence.MEDIUM), small_team)
    assert decision.verdict is Verdict.HOLD
    assert decision.deciding_rule == "recipient-named-in-content"


@pytest.mark.parametrize(
    ("findings", "verdict"),
    [
        (found(Category.CREDENTIALS), Verdict.BLOCK),
        (found(Category.PERSONAL_DATA), Verdict.HOLD),
        (found(Category.CONFIDENTIAL, Confidence.MEDIUM), Verdict.HOLD),
        (found(Category.INTERNAL, Confidence.MEDIUM), Verdict.HOLD),
        (found(Category.GOSSIP, Confidence.MEDIUM), Verdict.HOLD),
        (found(Category.GOSSIP, Confidence.LOW), Verdict.WARN),
        ([], Verdict.ALLOW),
    ],
)
def test_default_policy_for_scanned_files_without_audience(
    findings: list[Finding], verdict: Verdict
) -> None:
    assert evaluate(POLICY, findings, None).verdict is verdict


def test_scanned_file_with_likely_personal_data_is_held() -> None:
    decision = evaluate(POLICY, found(Category.PERSONAL_DATA, Confidence.MEDIUM), None)
    assert decision.verdict is Verdict.HOLD
    assert decision.deciding_rule == "personal-data-unknown-audience"
