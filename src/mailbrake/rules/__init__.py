"""The content detectors, in order, and `detect`, which runs them all over a message's text."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace

from mailbrake.models import Category, Confidence, Finding, Location, TextSegment
from mailbrake.rules import confidential, credentials, gossip, identifiers, internal, personal
from mailbrake.rules.base import Detector, Hits
from mailbrake.rules.locate import build_locator
from mailbrake.rules.meaning import MeaningModel, default_model, meaning_findings
from mailbrake.rules.prefilter import Prefilter, build_prefilter
from mailbrake.rules.readable import readable

__all__ = [
    "DETECTORS",
    "Detector",
    "Scanner",
    "categories_of",
    "detect",
    "detect_rules",
    "unscannable_finding",
]

log = logging.getLogger(__name__)

DETECTORS: tuple[Detector, ...] = (
    credentials.DETECTOR,
    identifiers.DETECTOR,
    personal.DETECTOR,
    confidential.DETECTOR,
    internal.DETECTOR,
    internal.DOCUMENT_DETECTOR,
    gossip.DETECTOR,
)


# `Scanner(meaning=...)`: the shipped model (the default), another one, or none at all.
DEFAULT_MODEL = "default"


class Scanner:
    """The detectors plus one prefilter compiled from all their trigger patterns, and the
    meaning model, which reads each message whole after the detectors have run."""

    def __init__(
        self,
        detectors: Sequence[Detector] = DETECTORS,
        *,
        use_hyperscan: bool = True,
        meaning: MeaningModel | str | None = DEFAULT_MODEL,
    ):
        self.detectors = tuple(detectors)
        self.meaning = default_model() if isinstance(meaning, str) else meaning
        # (detector, its trigger ids or None when it runs on every segment)
        self._gated = tuple((d, frozenset(d.triggers) or None) for d in self.detectors)
        patterns = {key: p for d in self.detectors for key, p in d.triggers.items()}
        self.prefilter: Prefilter = build_prefilter(patterns, use_hyperscan=use_hyperscan)
        # Rescanning a window pays only with Hyperscan: with `re` it is one search per trigger.
        self._rescan = self.prefilter.engine == "hyperscan"
        located = {k: d.triggers[k] for d in self.detectors for k in d.located}
        locator = build_locator(located) if self._rescan else None
        self._locate = locator.start if locator is not None else None

    def detect(self, segments: Iterable[TextSegment]) -> list[Finding]:
        """Every finding in the segments, duplicates (same thing, same place) dropped. The
        rules read each segment as `readable` gives it (no invisible characters, compatibility
        forms folded); the meaning model reads it as `meaning_findings` does."""
        out: dict[tuple[object, ...], Finding] = {}
        segments = list(segments)
        for segment in map(_readable, segments):
            text = segment.text
            if not text or text.isspace():  # (strip() would copy the text to find out)
                continue
            hits = self.hits(text)
            for detector, triggers in self._gated:
                if triggers is not None and hits.isdisjoint(triggers):
                    continue
                for item in _run(detector, segment, hits):
                    out.setdefault((item.category, item.kind, item.snippet, item.location), item)
        found = list(out.values())
        if isinstance(self.meaning, MeaningModel):
            found += _run_meaning(self.meaning, segments)
        return found

    def hits(self, text: str) -> frozenset[str]:
        """The trigger ids that may match in `text`, with the scans its parts can ask for."""
        found = self.prefilter.hits(text)
        if not self._rescan:
            return found
        hits = Hits(found)
        hits.scan = self.prefilter.hits
        hits.locate = self._locate
        hits.text = text
        return hits


def _readable(segment: TextSegment) -> TextSegment:
    text = readable(segment.text)
    return segment if text is segment.text else replace(segment, text=text)


def _run(detector: Detector, segment: TextSegment, hits: frozenset[str]) -> list[Finding]:
    """The detector's findings; if it crashes, one UNSCANNABLE finding instead (fail closed)."""
    try:
        return detector.find(segment, hits)
    except Exception as exc:  # any bug in a detector must hold the message, not pass it
        # Type only: an exception's message may quote the text, and logs must stay redacted.
        log.error(
            "detector %s failed on %s: %s", detector.name, segment.location, type(exc).__name__
        )
        snippet = f"detector {detector.name} failed ({type(exc).__name__})"
        return [
            Finding(
                Category.UNSCANNABLE,
                detector.name,
                "detector_failed",
                segment.location,
                snippet,
                Confidence.HIGH,
            )
        ]


def _run_meaning(model: MeaningModel, segments: Sequence[TextSegment]) -> list[Finding]:
    """The model's findings; if it crashes, one UNSCANNABLE finding (fail closed, as `_run`)."""
    try:
        return meaning_findings(model, segments)
    except Exception as exc:
        log.error("meaning model failed: %s", type(exc).__name__)
        where = segments[0].location if segments else Location("body")
        reason = f"detector meaning failed ({type(exc).__name__})"
        return [
            Finding(
                Category.UNSCANNABLE, "meaning", "detector_failed", where, reason, Confidence.HIGH
            )
        ]


_DEFAULT: list[Scanner] = []
_RULES_ONLY: list[Scanner] = []


def detect(segments: Sequence[TextSegment]) -> list[Finding]:
    """Run every detector and the meaning model over the segments of one message (with a
    scanner built once per process)."""
    if not _DEFAULT:
        _DEFAULT.append(Scanner())
    return _DEFAULT[0].detect(segments)


def detect_rules(segments: Sequence[TextSegment]) -> list[Finding]:
    """The rule detectors alone, for segments that are not one message (report lines): the
    meaning model judges a whole message and would name a line it was never shown as one."""
    if not _RULES_ONLY:
        _RULES_ONLY.append(Scanner(meaning=None))
    return _RULES_ONLY[0].detect(segments)


def unscannable_finding(location: Location, reason: str) -> Finding:
    """A part that could not be read: a finding of its own, so the policy holds the message."""
    return Finding(
        Category.UNSCANNABLE, "extract", "unscannable", location, reason, Confidence.HIGH
    )


def categories_of(findings: Iterable[Finding]) -> list[str]:
    """The sorted content categories the findings establish (MEDIUM confidence or more)."""
    found = {
        str(f.category)
        for f in findings
        if f.category is not Category.UNSCANNABLE and f.confidence >= Confidence.MEDIUM
    }
    return sorted(found)
