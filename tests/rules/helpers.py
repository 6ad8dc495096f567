"""Run one detector family over a piece of text, for the detector tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

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


BENCH = Path(__file__).resolve().parents[2] / "bench"


def bench_module(name: str) -> ModuleType:
    """A script of bench/ imported as a module (its own imports of bench/ resolve too)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
