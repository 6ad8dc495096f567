"""A multi-pattern prefilter: which detector patterns can match a text, in one pass.

The trigger patterns are the detectors' own `re` patterns (the ones a detector part must
match before it can find anything), so a trigger that is not reported proves that part has
nothing to do. Hyperscan compiles all of them, widened by `translate`, in prefilter mode
(`HS_FLAG_PREFILTER`, which accepts lookarounds and back-references by dropping them), so it
reports every pattern that matches in `re` semantics, sometimes more. A pattern Hyperscan
still rejects is reported on every text, and a text Hyperscan cannot judge (see
`translate.ODD_CASE_FOLDS`) is searched with `re`: the answer only ever errs towards running
a detector. Without Hyperscan each pattern is searched with `re`, which answers exactly.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, Protocol

from mailbrake.rules import hscache
from mailbrake.rules.translate import ODD_CASE_FOLDS, hyperscan_source

# Wider than `re`: `^`/`$` at every line and `.` across lines; UTF-8 so literals match.
_WIDENING_FLAGS = ("HS_FLAG_MULTILINE", "HS_FLAG_DOTALL", "HS_FLAG_UTF8")
_ODD = re.compile(f"[{''.join(sorted(ODD_CASE_FOLDS))}]")


class Prefilter(Protocol):
    engine: str

    def hits(self, text: str) -> frozenset[str]:
        """The ids of every trigger pattern that matches in `text` (maybe a few more)."""
        ...


class RegexPrefilter:
    """The pure-Python fallback: each trigger searched with its own compiled pattern."""

    engine = "re"

    def __init__(self, patterns: Mapping[str, re.Pattern[str]]) -> None:
        self._patterns = tuple(patterns.items())

    def hits(self, text: str) -> frozenset[str]:
        return frozenset(key for key, pattern in self._patterns if pattern.search(text))


class HyperscanPrefilter:
    """One Hyperscan block-mode database holding every trigger pattern in prefilter mode."""

    engine = "hyperscan"

    def __init__(self, patterns: Mapping[str, re.Pattern[str]], hyperscan: Any) -> None:
        self._exact = RegexPrefilter(patterns)
        keys = list(patterns)
        try:
            accepted = keys
            self._db = _database(hyperscan, list(patterns.values()))
        except hyperscan.error:  # find the few patterns it rejects; keep the rest fast
            accepted = [k for k in keys if _compiles(hyperscan, patterns[k])]
            self._db = _database(hyperscan, [patterns[k] for k in accepted])
        # Rejected patterns cannot be ruled out, so they count as matching everywhere.
        self.always = frozenset(k for k in keys if k not in accepted)
        self._keys = tuple(accepted)
        self._scratch = hyperscan.Scratch(self._db) if self._db is not None else None

    def hits(self, text: str) -> frozenset[str]:
        if self._db is None:
            return self.always
        # isascii() is one C call; the odd case folds are never ASCII.
        if not text.isascii() and _ODD.search(text):
            return self._exact.hits(text)
        found: list[int] = []
        self._db.scan(
            text.encode("utf-8", "replace"),
            match_event_handler=lambda ident, *_: found.append(ident),
            scratch=self._scratch,
        )
        if self.always:
            return self.always.union(map(self._keys.__getitem__, found))
        return frozenset(map(self._keys.__getitem__, found))


def _flags(hyperscan: Any, pattern: re.Pattern[str]) -> int:
    flags = int(hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_SINGLEMATCH)
    for name in _WIDENING_FLAGS:
        flags |= getattr(hyperscan, name)
    if pattern.flags & re.IGNORECASE:
        flags |= hyperscan.HS_FLAG_CASELESS
    return flags


def _compiles(hyperscan: Any, pattern: re.Pattern[str]) -> bool:
    try:
        _database(hyperscan, [pattern])
    except hyperscan.error:
        return False
    return True


def _database(hyperscan: Any, patterns: list[re.Pattern[str]]) -> Any:
    if not patterns:
        return None
    sources = tuple((hyperscan_source(p.pattern), _flags(hyperscan, p)) for p in patterns)
    return _compiled(hyperscan, sources)


@functools.lru_cache(maxsize=8)
def _compiled(hyperscan: Any, sources: tuple[tuple[str, int], ...]) -> Any:
    """A compiled database, shared by the scanners of one process (compiling takes ~1 s).

    Scanning only reads a database; each prefilter keeps its own scratch space.
    """
    return hscache.compiled(hyperscan, sources)


def build_prefilter(
    patterns: Mapping[str, re.Pattern[str]], *, use_hyperscan: bool = True
) -> Prefilter:
    """Hyperscan when it imports, else the `re` fallback."""
    if not use_hyperscan:
        return RegexPrefilter(patterns)
    try:
        import hyperscan
    except ImportError:
        return RegexPrefilter(patterns)
    return HyperscanPrefilter(patterns, hyperscan)
