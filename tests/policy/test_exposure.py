"""exposure_score: sensitivity, diminishing count, audience reach and external share."""

from __future__ import annotations

from mailbrake.models import Category, Confidence, Finding, Location
from mailbrake.policy import AudienceFacts, exposure_score

BODY = Location("body")


def found(
    category: Category, confidence: Confidence = Confidence.HIGH, n: int = 1
) -> list[Finding]:
    return [Finding(category, "test", "x", BODY, "***", confidence)] * n


def test_no_findings_score_zero_whatever_the_audience() -> None:
    exposure = exposure_score([], AudienceFacts(size=100_000, external=100_000))
    assert (exposure.score, dict(exposure.parts)) == (0.0, {})


def test_credentials_and_personal_data_weigh_more_than_gossip() -> None:
    credentials = exposure_score(found(Category.CREDENTIALS), None).score
    personal = exposure_score(found(Category.PERSONAL_DATA), None).score
    gossip = exposure_score(found(Category.GOSSIP), None).score
    assert credentials > personal > gossip


def test_low_confidence_weighs_less_than_high() -> None:
    low = exposure_score(found(Category.PERSONAL_DATA, Confidence.LOW), None).score
    high = exposure_score(found(Category.PERSONAL_DATA), None).score
    assert low < high / 2


def test_more_findings_add_less_each() -> None:
    one, ten, hundred = (
        exposure_score(found(Category.PERSONAL_DATA, n=n), None).score for n in (1, 10, 100)
    )
    assert one < ten < hundred
    assert hundred - ten < ten - one + (ten - one)  # diminishing, not linear
    assert hundred < 10 * one


def test_score_is_the_product_of_its_explained_parts() -> None:
    exposure = exposure_score(
        found(Category.PERSONAL_DATA) + found(Category.GOSSIP),
        AudienceFacts(size=1000, external=250, named_recipients=("a.b@x.example",)),
    )
    parts = exposure.parts
    content = parts["content.personal_data"] + parts["content.gossip"]
    factor = parts["audience.reach"] * parts["audience.external"] * parts["audience.named"]
    assert parts["audience.reach"] == 4.0
    assert parts["audience.external"] == 1.25
    assert exposure.score == round(content * factor, 2)


def test_wider_and_more_external_audiences_score_higher() -> None:
    ids = found(Category.PERSONAL_DATA, n=3)
    team = exposure_score(ids, AudienceFacts(size=10, external=0)).score
    staff = exposure_score(ids, AudienceFacts(size=1000, external=0)).score
    public = exposure_score(ids, AudienceFacts(size=1000, external=1000)).score
    assert team < staff < public
