"""What a detector is, and the finding-building helpers every detector family shares."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from mailbrake.models import Category, Confidence, Finding, TextSegment

# A finder gets the segment and the ids of the trigger patterns that matched in it.
FindFn = Callable[[TextSegment, frozenset[str]], list[Finding]]


class Hits(frozenset[str]):
    """Trigger ids from a prefilter scan of a segment, with that prefilter's `scan`.

    A part that searches a piece of the segment (a window, a paragraph) can scan the piece
    itself: one multi-pattern pass over a few hundred characters is cheaper than the
    `re` searches it rules out.
    """

    __slots__ = ("locate", "scan", "text")
    scan: Callable[[str], frozenset[str]]
    # (trigger id, text) -> where its pattern can start in `text` (see `locate`); `text`
    # is the segment these ids came from.
    locate: Callable[[str, str], int] | None
    text: str


def hits_within(hits: frozenset[str], piece: str, default: frozenset[str]) -> frozenset[str]:
    """The trigger ids that may match in `piece`: a fresh scan of it when `hits` came from a
    prefilter, else `default` (a caller that passed plain ids asked for no gating)."""
    return hits.scan(piece) if isinstance(hits, Hits) else default


def start_of(hits: frozenset[str], trigger: str, text: str) -> int:
    """Where `re` may start searching `text` for the pattern of `trigger` and still find all
    its matches (`pattern.finditer(text, start_of(...))`): 0 unless `hits` came from a scan
    of this very text with a locator that holds the pattern."""
    if not isinstance(hits, Hits) or hits.locate is None or hits.text is not text:
        return 0
    return hits.locate(trigger, text)


@dataclass(frozen=True, slots=True)
class Detector:
    """One detector: a name, its category, a finder and the prefilter patterns that gate it.

    `triggers` maps a trigger id to one of the finder's own patterns that must match before
    a part of it can find anything. The finder runs on a segment only when one of them may
    match there, and gets the ids that may match so it skips the parts that cannot; the ids
    are a superset (see `prefilter`), so a part must still run its pattern itself. A
    detector without triggers runs on every segment. `located` names the triggers whose
    pattern a part searches over the whole segment from `start_of` (see `locate`).
    """

    name: str
    category: Category
    find: FindFn
    triggers: Mapping[str, re.Pattern[str]] = field(default_factory=dict)
    # Trigger ids whose pattern the finder searches over the whole segment from `start_of`.
    located: frozenset[str] = frozenset()


def finding(
    detector: Detector | str,
    category: Category,
    kind: str,
    segment: TextSegment,
    snippet: str,
    confidence: Confidence,
) -> Finding:
    """A Finding located in `segment`; `snippet` must already be redacted."""
    name = detector.name if isinstance(detector, Detector) else detector
    return Finding(category, name, kind, segment.location, snippet, confidence)


def clip(text: str, limit: int = 80) -> str:
    """One line of at most `limit` characters, for snippets that quote a marker phrase."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else f"{flat[: limit - 1]}…"
