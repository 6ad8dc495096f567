"""Confidential: markers, unannounced deals and results, legal matters; not boilerplate."""

from __future__ import annotations

import pytest

from mailbrake.models import Category
from tests.rules.helpers import kinds

CF = Category.CONFIDENTIAL


@pytest.mark.parametrize(
    "text",
    [
        "STRICTLY CONFIDENTIAL - PROJECT HARRIER",
        "Privileged & Confidential: litigation strategy",
        "ATTORNEY-CLIENT PRIVILEGED COMMUNICATION",
        "CONFIDENTIAL - NOT FOR DISTRIBUTION",
        "Embargoed until 07:00 on Thursday.",
        "These terms are confidential under clause 14 of the MSA.",
        "Please keep this confidential until closing.",
        "Shared under NDA with the bidders only.",
        "Commercial in confidence.",
        "VERTRAULICH - nur für die Geschäftsleitung",
        "Note confidentielle, à ne pas diffuser.",
        "CONFIDENCIAL: resultados del trimestre",
    ],
)
def test_classification_marker_is_confidential(text: str) -> None:
    assert "classification_marker" in kinds(text, CF)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "We're buying them for about $69 million, signing on February 11. "
            "Nothing has been announced and their staff don't know yet.",
            "unannounced_deal",
        ),
        (
            "Preliminary Q3 figures: revenue 94 million, gross margin 54%. These are not "
            "public until the results call.",
            "unannounced_results",
        ),
        ("Northwind has filed a claim against us over the supply contract.", "legal_matter"),
        ("A legal hold applies to all e-mail created since August.", "legal_matter"),
    ],
)
def test_unannounced_matters_are_confidential_without_a_marker(text: str, kind: str) -> None:
    assert kind in kinds(text, CF)


@pytest.mark.parametrize(
    "text",
    [
        "This message may contain confidential information; if you are not the intended "
        "recipient please tell us and delete it.",
        "This e-mail and any attachments are confidential and intended solely for the addressee.",
        "Your survey answers are confidential - results are shown for groups of eight or more.",
        "ok I've cracked it - the secret to great coffee is to run one empty cycle first",
        "I feel privileged to have worked with such a kind group of people.",
        "The embargo on the announcement lifted at 07:00, so the press release is public now.",
        "PRESS RELEASE: Q3 revenue rose 12% to 410 million, the company announced today.",
        "We'll keep it strictly confidential of course.",
    ],
)
def test_boilerplate_and_harmless_uses_are_not_confidential(text: str) -> None:
    assert not kinds(text, CF)
