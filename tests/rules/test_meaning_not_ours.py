"""A confidential or internal guess of the meaning model is dropped when the sentence that
weighed most is plainly not this organisation's matter: a blank form's file, or a paragraph
reporting somebody else's case. A small model written out here makes the guess certain."""

from __future__ import annotations

from mailbrake.models import Category, Location, TextSegment
from mailbrake.rules.meaning import MeaningModel, meaning_findings

# Any text with "settlement" is confidential to this model, any with "diagnosis" personal data.
MODEL = MeaningModel(
    ("confidential", "personal_data"),
    {"settlement": (1.0, 9.0, 0.0), "diagnosis": (1.0, 0.0, 9.0)},
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
