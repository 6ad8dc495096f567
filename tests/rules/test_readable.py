"""Invisible characters and compatibility forms are no way round the detectors."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest

from mailbrake.models import Category, Location, TextSegment
from mailbrake.rules import Scanner
from mailbrake.rules.readable import _FORMAT, readable, visible
from tests.rules.helpers import kinds, scan_text

CARD = "4556 7375 8689 9855"  # Luhn-valid, not a well-known test number
ZW_CARD = CARD.replace(" ", " \u200b")  # a zero-width space after each group
NBSP_CARD = CARD.replace(" ", "\u00a0")


def test_the_format_characters_are_every_cf_code_point_of_this_python() -> None:
    every = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    matched = {chr(c) for c in range(sys.maxunicode + 1) if _FORMAT.fullmatch(chr(c))}
    assert matched == every


def test_reading_never_makes_or_removes_a_line_break() -> None:
    breaks = set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char not in breaks:
            assert not breaks & set(readable(char)), hex(code)
    assert readable("a\u200b\nb\u00ad\nc") == "a\nb\nc"


def test_ascii_text_is_the_same_object() -> None:
    text = "Nothing to fold here.\n" * 100
    assert readable(text) is text
    assert visible(text) is text


def test_the_model_reads_without_format_characters_the_rules_also_folded() -> None:
    text = "Ｃａｒｄ nº 1ª\u00a0e\u200bf\u00ad"
    assert visible(text) == "Ｃａｒｄ nº 1ª\u00a0ef"
    assert readable(text) == "Card no 1a ef"
    text = "nº 3"
    assert visible(text) is text  # nothing to remove: the same object


@pytest.mark.parametrize(
    ("text", "category", "kind"),
    [
        ("Card " + ZW_CARD, Category.PERSONAL_DATA, "payment_card"),
        ("Card " + NBSP_CARD, Category.PERSONAL_DATA, "payment_card"),
        ("Card ４５５６ ７３７５ ８６８９ ９８５５", Category.PERSONAL_DATA, "payment_card"),
        ("IBAN ＤＥ08 3704 0044 0532 0131 00", Category.PERSONAL_DATA, "iban"),
        ("pass\u200bword: Falcon$6646Q", Category.CREDENTIALS, "password"),
        ("Pass\u00adwort: Sommer#2024x", Category.CREDENTIALS, "password"),
        ("mot de passe\u00a0: Soleil!8841", Category.CREDENTIALS, "password"),
        ("\u202eCONFIDENTIAL\u202c: the Q3 numbers before the call", Category.CONFIDENTIAL, None),
    ],
)
def test_invisible_characters_and_wide_forms_do_not_hide_a_finding(
    text: str, category: Category, kind: str | None
) -> None:
    found = kinds(text, category)
    assert kind in found if kind else found


def test_a_finding_after_removed_characters_names_the_line_a_reader_sees() -> None:
    text = "Hello\u200b team,\n\u00adThe agenda is attached.\nCard: " + ZW_CARD
    [card] = [f for f in scan_text(text) if f.kind == "payment_card"]
    assert card.location == Location("body")
    remark_text = (
        "Hi\u200b all,\nVolgens mij is Bram dr\u200bonken naar zijn werk gekomen, hij heeft "
        "echt een drank\u00adprobleem."
    )
    body = TextSegment(Location("body"), remark_text)
    [remark] = [f for f in Scanner().detect([body]) if f.detector == "meaning"]
    assert re.fullmatch(r"line 2", remark.location.detail)


def test_the_same_findings_with_and_without_hyperscan() -> None:
    texts = ["Card " + ZW_CARD, "pass\u200bword: Falcon$6646Q"]
    segments = [TextSegment(Location("body"), t) for t in texts]
    fast = Scanner(use_hyperscan=True, meaning=None).detect(segments)
    plain = Scanner(use_hyperscan=False, meaning=None).detect(segments)
    assert set(fast) == set(plain)
    assert fast


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("p\u0430ssword: Hunter#42x", Category.CREDENTIALS),  # Cyrillic а
        ("\u0421\u041eNFID\u0415NTI\u0410L: the Q3 numbers", Category.CONFIDENTIAL),  # С О Е А
        ("Wachtw\u03bford: Tulp!2025x", Category.CREDENTIALS),  # Greek ο
        ("SIM \u0420\u0406N is 4826", Category.CREDENTIALS),  # Cyrillic Р І
    ],
)
def test_letters_of_other_scripts_that_look_latin_do_not_hide_a_finding(
    text: str, category: Category
) -> None:
    assert kinds(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430?",
        "\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1 and good morning",
        "has\u0142o and k\u0131sa stay as written",
        "R\u00e9sum\u00e9 \u0441 caf\u00e9",
    ],
)
def test_words_wholly_in_one_script_are_read_as_written(text: str) -> None:
    assert readable(text) == unicodedata.normalize("NFKC", text)


def test_folding_look_alikes_keeps_every_position() -> None:
    text = "Line one\np\u0430ss\u0461ord \u0455ecret \u041e\u041a\nline three"
    assert len(readable(text)) == len(text)
    assert readable(text).split("\n")[1].startswith("pass")
