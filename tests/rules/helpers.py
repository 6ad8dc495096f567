"""Run one detector family over a piece of text, for the detector tests."""

from __future__ import annotations

from mailbrake.models import Category, Confidence, Finding, Location, TextSegment
from mailbrake.rules import categories_of, detect


def scan_text(text: str, *, part: str = "body", name: str = "", detail: str = "") -> list[Finding]:
    return detect([TextSegment(Location(part, name, detail), text)])


def categories(text: str) -> list[str]:
    return categories_of(scan_text(text))


def kinds(text: str, category: Category) -> set[str]:
    return {
        f.kind
        for f in scan_text(text)
        if f.category is category and f.confidence >= Confidence.MEDIUM
    }
