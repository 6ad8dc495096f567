"""Run one detector family over a piece of text, for the detector tests."""

from __future__ import annotations

from mailbrake.models import Category, Confidence, Finding, Location, TextSegment
from mailbrake.rules import Scanner, categories_of

# The rule detectors alone: the meaning model has its own tests (tests/rules/test_meaning.py).
_RULES = Scanner(meaning=None)


def scan_text(text: str, *, part: str = "body", name: str = "", detail: str = "") -> list[Finding]:
    return _RULES.detect([TextSegment(Location(part, name, detail), text)])


def categories(text: str) -> list[str]:
    return categories_of(scan_text(text))


def kinds(text: str, category: Category) -> set[str]:
    return {
        f.kind
        for f in scan_text(text)
        if f.category is category and f.confidence >= Confidence.MEDIUM
    }
