"""A guess of the meaning model is dropped when the sentence that weighed most is plainly not
a secret: for confidential or internal, a blank form's file or a paragraph reporting somebody
else's case; for personal data, a business's payment block whose every account number the
rules judge the business's own. A small model written out here makes the guess certain."""

from __future__ import annotations

import pytest

from mailbrake.models import Category, Location, TextSegment
from mailbrake.rules.meaning import MeaningModel, meaning_findings

# Any text with "settlement" is confidential to this model, any with "diagnosis" personal data.
MODEL = MeaningModel(
    ("confidential", "personal_data"),
    {
        "settlement": (1.0, 9.0, 0.0),
        "diagnosis": (1.0, 0.0, 9.0),
        "account": (1.0, 0.0, 9.0),
        "embargoed": (1.0, 9.0, 0.0),
    },
    (-2.0, -2.0),
    (0.5, 0.5),
)


def categories(*segments: TextSegment) -> set[Category]:
    return {f.category for f in meaning_findings(MODEL, segments)}


def test_a_guess_in_a_file_named_as_a_template_is_dropped() -> None:
    body = TextSegment(Location("body"), "Please sign the attached and send it back.")
    blank = TextSegment(Location("attachment", "NDA_template_v3.docx"), "The settlement terms.")
    filled = TextSegment(Location("attachment", "NDA_Halden_signed.docx"), "The settlement terms.")
    assert Category.CONFIDENTIAL not in categories(body, blank)
    assert Category.CONFIDENTIAL in categories(body, filled)


def test_a_guess_in_a_paragraph_reporting_someone_elses_case_is_dropped() -> None:
    news = "Case update\nIn a reported case, the tribunal held the settlement void.\n\nRegards"
    ours = "Update\nOur settlement with Kevin is signed; the amount stays between us.\n\nRegards"
    assert Category.CONFIDENTIAL not in categories(TextSegment(Location("body"), news))
    assert Category.CONFIDENTIAL in categories(TextSegment(Location("body"), ours))


def test_personal_data_in_a_template_or_a_report_is_still_guessed() -> None:
    text = "In a reported case, the tribunal held that the diagnosis was disclosed."
    assert Category.PERSONAL_DATA in categories(TextSegment(Location("body"), text))


def test_a_personal_data_guess_on_a_business_payment_block_is_dropped() -> None:
    invoice = (
        "Total due 21,088.80\n\nPlease pay by bank transfer to:\nOakhaven Home Ltd\n"
        "Lloyds Bank, sort code 30-96-36, account 18420571\n\nKind regards"
    )
    assert Category.PERSONAL_DATA not in categories(TextSegment(Location("body"), invoice))


@pytest.mark.parametrize(
    "text",
    [
        # A person's account in the paragraph: the guess stands.
        "Please pay Anna's refund to:\nAnna Berg\nLloyds Bank, sort code 30-96-36, "
        "account 18420571",
        # No account number at all in the paragraph: nothing for the rules to judge.
        "Her account of the diagnosis was shared with the team.",
    ],
)
def test_a_personal_data_guess_elsewhere_stands(text: str) -> None:
    assert Category.PERSONAL_DATA in categories(TextSegment(Location("body"), text))


@pytest.mark.parametrize(
    "sender",
    [
        "From: Retail Week Daily <newsletter@retailnews.example>",
        "Von: Pressespiegel <pressespiegel@verband.example>",
        "De : Revue de presse <revue@federation.example>",
    ],
)
def test_a_guess_in_a_message_forwarded_from_a_news_source_is_dropped(sender: str) -> None:
    news = (
        f"Worth a read.\n\n---------- Forwarded message ---------\n{sender}\n"
        "Subject: Today\n\nHomeHaven reaches a 3.2m settlement in the fake-reviews case."
    )
    assert Category.CONFIDENTIAL not in categories(TextSegment(Location("body"), news))


def test_a_guess_in_a_message_forwarded_from_a_colleague_stands() -> None:
    ours = (
        "See below.\n\n---------- Forwarded message ---------\n"
        "From: Legal Team <legal@ours.example>\nSubject: Internal news\n\n"
        "Our settlement of the fake-reviews case is 3.2m; keep it quiet."
    )
    assert Category.CONFIDENTIAL in categories(TextSegment(Location("body"), ours))


def test_a_confidential_guess_on_an_embargo_the_message_says_is_over_is_dropped() -> None:
    over = "Now public: the embargo lifted at 07:00.\n\nEMBARGOED until 07:00, 3 June."
    to_come = "The embargo will be lifted at 07:00.\n\nEMBARGOED until 07:00, 3 June."
    assert Category.CONFIDENTIAL not in categories(TextSegment(Location("body"), over))
    assert Category.CONFIDENTIAL in categories(TextSegment(Location("body"), to_come))
