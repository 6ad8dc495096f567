"""The Hyperscan rewrite of `re` patterns: it may match more than `re`, never less."""

from __future__ import annotations

import re

import pytest

from mailbrake.rules import DETECTORS
from mailbrake.rules.prefilter import HyperscanPrefilter, build_prefilter
from mailbrake.rules.translate import ODD_CASE_FOLDS, hyperscan_source

hyperscan = pytest.importorskip("hyperscan")


def _prefilter(pattern: str) -> HyperscanPrefilter:
    fast = build_prefilter({"p": re.compile(pattern)})
    assert isinstance(fast, HyperscanPrefilter)
    return fast


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\b(?:[Üü]bernahme)\b", "die Übernahme"),  # \b next to a non-ASCII letter
        (r"[\w.+-]+@gmail\.com", "é@gmail.com"),  # \w in a class
        (r"\d{3}", "\u0663\u0664\u0665"),  # Arabic-Indic digits are \d in re
        (r"a\sb", "a\u00a0b"),  # no-break space is \s in re
        (r"a\sb", "a\x1cb"),  # so is the ASCII file separator
        (r"\bx?\w+ment\b", "élément"),  # an optional literal keeps no \b
        (r"(?<![\w-])\d{9}(?![\w-])", "no 123456789"),  # lookarounds
        (r"(?i)salary", "\u017falary"),  # long s folds to s in re
        (r"(?i)kontonummer", "\u212aontonummer"),  # Kelvin sign folds to k in re
        (r"x[^.\n]{0,30}y", "x" + "-" * 30 + "y"),  # bounded repeats widened, not cut
    ],
)
def test_hyperscan_reports_what_re_matches(pattern: str, text: str) -> None:
    assert re.search(pattern, text)
    assert _prefilter(pattern).hits(text) == {"p"}


def test_word_boundary_beside_an_ascii_letter_is_kept() -> None:
    assert hyperscan_source(r"\bpay\b") == r"\bpay\b"
    assert _prefilter(r"\bpay\b").hits("repayment") == frozenset()


def test_word_boundary_beside_a_group_is_dropped() -> None:
    assert hyperscan_source(r"\b(?:pay)\b") == r"(?:pay)"


def test_classes_are_widened_only_where_ascii_would_match_less() -> None:
    assert hyperscan_source(r"[^\s\d]\w") == r"[^\s\d][\w\x{80}-\x{10ffff}]"
    assert hyperscan_source(r"[\d,]{2,5}") == r"[\d\x{80}-\x{10ffff},]{2,}"


def test_odd_case_folds_are_all_letters_re_folds_onto_ascii() -> None:
    onto_ascii = {
        chr(code) for code in range(0x80, 0x10000) if re.fullmatch(r"(?i)[a-z]", chr(code))
    }
    assert onto_ascii <= ODD_CASE_FOLDS


def test_every_detector_trigger_compiles_in_hyperscan() -> None:
    patterns = {key: p for d in DETECTORS for key, p in d.triggers.items()}
    fast = build_prefilter(patterns)
    assert isinstance(fast, HyperscanPrefilter)
    assert fast.always == frozenset()
