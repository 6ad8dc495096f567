"""The registry: every detector runs, a crash fails closed, both prefilter engines agree."""

from __future__ import annotations

import pytest

from mailbrake.models import Category, Confidence, Finding, Location, TextSegment
from mailbrake.rules import DETECTORS, Scanner, categories_of, unscannable_finding
from mailbrake.rules.base import Detector
from mailbrake.rules.prefilter import HyperscanPrefilter, RegexPrefilter, build_prefilter

SAMPLES = [
    "Password: Falcon$6646Q and IBAN GB76 BARC 9465 9001 3027 61",
    "STRICTLY CONFIDENTIAL - we're buying them; nothing has been announced.",
    "Remove 10 roles. Please keep this to the leadership group: attrition 18%.",
    "Tony was absolutely wasted again. Apparently he was slurring.",
    "DOB: 1959-07-13\nSSN: 225 55 7579\nCurrent address: 21894 Jaime Trail, Rossburgh, VA 81877",
    "Verträge: Passwort: Sommer#2024x, Geburtsdatum: 10.08.1987 — café naïve ünïcödé 😂",
    "Nothing to see here: the picnic is on Thursday at the bandstand.",
]


def _boom(_segment: TextSegment) -> list[Finding]:
    raise RuntimeError("bug")


def test_a_crashing_detector_yields_an_unscannable_finding() -> None:
    scanner = Scanner((Detector("broken", Category.GOSSIP, _boom), *DETECTORS))
    findings = scanner.detect([TextSegment(Location("body"), "Password: Falcon$6646Q")])
    failed = [f for f in findings if f.category is Category.UNSCANNABLE]
    assert [(f.detector, f.confidence) for f in failed] == [("broken", Confidence.HIGH)]
    assert "detector broken failed" in failed[0].snippet
    assert any(f.category is Category.CREDENTIALS for f in findings)  # the others still ran


def test_unscannable_parts_are_findings_but_not_categories() -> None:
    item = unscannable_finding(Location("attachment", "x.zip"), "encrypted zip")
    assert item.category is Category.UNSCANNABLE
    assert categories_of([item]) == []


def test_low_confidence_findings_do_not_make_a_category() -> None:
    low = Finding(Category.INTERNAL, "documents", "versioned_draft", Location("body"), "x",
                  Confidence.LOW)  # fmt: skip
    assert categories_of([low]) == []


@pytest.mark.parametrize("text", SAMPLES)
def test_hyperscan_and_re_prefilters_report_the_same_triggers(text: str) -> None:
    patterns = {key: p for d in DETECTORS for key, p in d.triggers.items()}
    fast = build_prefilter(patterns)
    assert isinstance(fast, HyperscanPrefilter)
    assert fast.hits(text) == RegexPrefilter(patterns).hits(text)


def test_both_prefilter_engines_give_the_same_findings() -> None:
    segments = [TextSegment(Location("body"), text) for text in SAMPLES]
    with_hs = Scanner(use_hyperscan=True)
    without = Scanner(use_hyperscan=False)
    assert with_hs.prefilter.engine == "hyperscan"
    assert without.prefilter.engine == "re"
    assert set(with_hs.detect(segments)) == set(without.detect(segments))
    assert len(categories_of(with_hs.detect(segments))) == 5
