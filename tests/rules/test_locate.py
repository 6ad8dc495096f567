"""The start-of-match locator: `re` searched from where it says finds every match it finds
from 0, so narrowing where `re` runs never changes a finding."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailbrake.rules import DETECTORS, Scanner
from mailbrake.rules.base import Hits, start_of
from mailbrake.rules.locate import Locator, build_locator, strip_lookarounds
from tests.rules.test_registry import ODD_TEXTS, SAMPLES

hyperscan = pytest.importorskip("hyperscan")

LOCATED = {key: d.triggers[key] for d in DETECTORS for key in d.located}
# Pieces of the located patterns and of text around them, so random texts match often.
FRAGMENTS = [
    *SAMPLES,
    *ODD_TEXTS,
    "not announced", "has not been told", "STRICTLY CONFIDENTIAL", "CONFIDENTIAL", "Secret:",
    "[Confidential]", " - Internal - ", "keep it confidential", "remove 12 roles",
    "cut about 40 jobs",
    "12 roles at risk", "restructuring plan", "DRAFT", "Draft -", "not final", "attrition",
    "board minutes", "not for circulation", "HR only", "date of birth: 12.03.1987", "born on",
    "12/03/1987", "2024-01-02", "March 3rd, 1990", "diagnosed with", "salary £52,000",
    "subpoena from", "outside counsel", "é", "ß", "Ü", "\u00a0", "\u2028", "\n", " ", ".", "-",
    "İ", "ſ", "K", "😂",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=12).map("".join)


@pytest.fixture(scope="module")
def locator() -> Locator:
    built = build_locator(LOCATED)
    assert built is not None
    return built


def _matches(pattern: re.Pattern[str], text: str, pos: int) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text, pos)]


def _assert_same_matches_from_start(locator: Locator, text: str) -> None:
    for key, pattern in LOCATED.items():
        start = locator.start(key, text)
        assert _matches(pattern, text, start) == _matches(pattern, text, 0), (key, text)
        first = pattern.search(text)
        assert start <= (first.start() if first else len(text)), (key, text)


def test_every_pattern_declared_located_compiles_exactly(locator: Locator) -> None:
    assert locator.located == frozenset(LOCATED)
    assert "confidential.label" in locator.located  # has lookarounds: located without them


@pytest.mark.parametrize("text", [*SAMPLES, *ODD_TEXTS])
def test_re_from_the_located_start_finds_every_match(locator: Locator, text: str) -> None:
    _assert_same_matches_from_start(locator, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_re_from_the_located_start_finds_every_match_in_any_text(
    locator: Locator, text: str
) -> None:
    _assert_same_matches_from_start(locator, text)


def test_start_is_a_character_index_in_non_ascii_text(locator: Locator) -> None:
    text = "Ärger über café: nothing has been announced"
    assert locator.start("confidential.unannounced", text) == text.index("nothing")


def test_a_text_without_a_match_is_skipped_and_an_unknown_pattern_searched_from_0(
    locator: Locator,
) -> None:
    assert locator.start("internal.restructuring", "lunch at noon") == len("lunch at noon")
    assert locator.start("no.such.trigger", "lunch at noon") == 0
    # Hyperscan cannot judge re's odd case folds: search from 0.
    assert locator.start("personal.salary", "\u017falary £52,000") == 0
    assert locator.start("personal.salary", "salary £52,000 \udc80") == 0  # lone surrogate


def test_start_of_narrows_only_the_text_the_hits_came_from() -> None:
    text = "Lunch at noon. The board minutes are attached."
    hits = Scanner(use_hyperscan=True).hits(text)
    assert isinstance(hits, Hits)
    assert start_of(hits, "internal.board_minutes", text) == text.index("board")
    assert start_of(hits, "internal.board_minutes", "x" + text[1:]) == 0  # another text
    assert start_of(frozenset(hits), "internal.board_minutes", text) == 0  # plain ids
    plain = Scanner(use_hyperscan=False).hits(text)
    assert start_of(plain, "internal.board_minutes", text) == 0  # no Hyperscan: from 0


@pytest.mark.parametrize(
    ("source", "stripped"),
    [
        (r"(?<![A-Za-z])(?:pin|pw)(?![A-Za-z])", r"(?:pin|pw)"),
        (r"\bCONF\b(?! (?:INFORMATION|AND MAY))|x", r"\bCONF\b|x"),  # nested group
        (r"(?<=[)])a(?=\))", "a"),  # a paren inside a class, an escaped paren
        (r"[(?=]a\(?=b\)", r"[(?=]a\(?=b\)"),  # not lookarounds: a class, escapes
        (r"(?P<n>a)(?=[]x])b", "(?P<n>a)b"),  # a named group stays; "]" first in a class
    ],
)
def test_strip_lookarounds_removes_only_assertions(source: str, stripped: str) -> None:
    assert strip_lookarounds(source) == stripped


def test_a_repeated_lookaround_is_not_stripped() -> None:
    with pytest.raises(ValueError, match="quantified"):
        strip_lookarounds("x(?=a)?")
