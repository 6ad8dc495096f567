"""The registry: every detector runs, a crash fails closed, both prefilter engines agree."""

from __future__ import annotations

import pytest

from mailbrake.models import Category, Confidence, Finding, Location, TextSegment
from mailbrake.rules import DETECTORS, Scanner, categories_of, unscannable_finding
from mailbrake.rules.base import Detector, Hits, hits_within
from mailbrake.rules.prefilter import HyperscanPrefilter, RegexPrefilter, build_prefilter

SAMPLES = [
    "Password: Falcon$6646Q and IBAN GB76 BARC 9465 9001 3027 61",
    "STRICTLY CONFIDENTIAL - we're buying them; nothing has been announced.",
    "Remove 10 roles. Please keep this to the leadership group: attrition 18%.",
    "Tony was absolutely wasted again. Apparently he was slurring.",
    "DOB: 1959-07-13\nSSN: 225 55 7579\nCurrent address: 21894 Jaime Trail, Rossburgh, VA 81877",
    "Verträge: Passwort: Sommer#2024x, Geburtsdatum: 10.08.1987 — café naïve ünïcödé 😂",
    "Nothing to see here: the picnic is on Thursday at the bandstand.",
    # a restriction next to figures, inside a classified window: confidential, not internal
    "Budget 2025: cut 12% (£3m). Not for circulation.\nSTRICTLY CONFIDENTIAL - board only.",
    "Headcount 40 staff, 15% attrition. HR only, please.",
    "Internal audit report attached. We received a subpoena from the regulator last week.",
    # deal and results words near an unannounced cue, far apart in a long text
    "Q3 revenue is up 14%. " + "Filler words here. " * 30 + "This has not been announced.",
    # gossip spread over paragraphs: only a paragraph that reaches the threshold counts
    "Between us, Mark Jones is useless.\n\nLunch at noon.\n\nApparently she was drunk lol",
]

# Texts where Unicode and ASCII readings of \w, \d, \s and \b part ways.
ODD_TEXTS = [
    "Ärger: die Übernahme von Müller GmbH ist noch nicht angekündigt, Umsatz 12%.",
    "Geburtsdatum:\u00a010.08.1987; SSN\u00a0078\u00a005\u00a01120 naïve",
    "ſalary of Jean Dupont: £52,000 — KONTO \u0663\u0664\u0665\u0666\u0667\u0668\u0669",
    "\u0130stanbul office: password\x1cHunter#2024x İ ı K",
    "éaccount no. 12345678 (bank) — çonfidential",
]


def _boom(_segment: TextSegment, _hits: frozenset[str]) -> list[Finding]:
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


@pytest.mark.parametrize("text", [*SAMPLES, *ODD_TEXTS])
def test_hyperscan_reports_every_trigger_that_re_finds(text: str) -> None:
    patterns = {key: p for d in DETECTORS for key, p in d.triggers.items()}
    fast = build_prefilter(patterns)
    assert isinstance(fast, HyperscanPrefilter)
    assert fast.always == frozenset()  # every trigger compiles: none runs unconditionally
    assert fast.hits(text) >= RegexPrefilter(patterns).hits(text)


def test_both_prefilter_engines_give_the_same_findings() -> None:
    segments = [TextSegment(Location("body"), text) for text in [*SAMPLES, *ODD_TEXTS]]
    with_hs = Scanner(use_hyperscan=True)
    without = Scanner(use_hyperscan=False)
    assert with_hs.prefilter.engine == "hyperscan"
    assert without.prefilter.engine == "re"
    assert set(with_hs.detect(segments)) == set(without.detect(segments))
    assert len(categories_of(with_hs.detect(segments))) == 5


def test_every_part_finds_the_same_with_and_without_gating() -> None:
    """Gating only skips work: all trigger ids (no gating) give the same findings."""
    segments = [TextSegment(Location("body"), text) for text in [*SAMPLES, *ODD_TEXTS]]
    everything = frozenset(key for d in DETECTORS for key in d.triggers)
    scanner = Scanner(use_hyperscan=True, meaning=None)  # the model is not gated
    for segment in segments:
        gated = scanner.detect([segment])
        ungated = [f for d in DETECTORS for f in d.find(segment, everything)]
        assert set(gated) == set(ungated)


def test_window_scans_only_narrow_parts_that_could_not_match() -> None:
    """Parts that scan a window or paragraph themselves find what plain ids (no scan) find."""
    scanner = Scanner(use_hyperscan=True)
    everything = frozenset(key for d in DETECTORS for key in d.triggers)
    for text in [*SAMPLES, *ODD_TEXTS]:
        segment = TextSegment(Location("body"), text)
        hits = scanner.hits(text)
        assert isinstance(hits, Hits)
        scanned = [f for d in DETECTORS for f in d.find(segment, hits)]
        plain = [f for d in DETECTORS for f in d.find(segment, everything)]
        assert scanned == plain, text


def test_hits_within_scans_the_piece_only_when_the_ids_came_from_a_prefilter() -> None:
    scanner = Scanner(use_hyperscan=False)
    hits = Hits(scanner.prefilter.hits("IBAN and a note"))
    hits.scan = scanner.prefilter.hits
    piece = "STRICTLY CONFIDENTIAL"
    assert "confidential.strong" in hits_within(hits, piece, frozenset())
    assert hits_within(frozenset({"x"}), piece, frozenset({"all"})) == {"all"}
