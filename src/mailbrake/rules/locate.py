"""Where a costly pattern's first match can start in a segment, so `re` searches from there.

Python's `re` tries a case-insensitive alternation at every position of the text, which
costs up to ~150 µs on a segment where the pattern matches once near the end. Hyperscan,
compiled exactly (not in prefilter mode) with `HS_FLAG_SOM_LEFTMOST`, reports where the
matches of a few chosen patterns start. The patterns are widened by `translate`, so every
`re` match is also a Hyperscan match and the leftmost Hyperscan start is at or before the
first `re` match: `pattern.finditer(text, start)` then yields exactly the matches of
`pattern.finditer(text)` (with `pos`, `re` still sees the text before it for `\\b` and
lookbehinds). When no match is reported, `re` has none either. Only *where* `re` runs is
narrowed; the matches themselves always come from `re`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from mailbrake.rules import hscache
from mailbrake.rules.translate import ODD_CASE_FOLDS, hyperscan_source

_FLAGS = ("HS_FLAG_SOM_LEFTMOST", "HS_FLAG_MULTILINE", "HS_FLAG_DOTALL", "HS_FLAG_UTF8")
# re's odd case folds, and lone surrogates (encoded as "?", which a class may not match).
_ODD = re.compile(f"[{''.join(sorted(ODD_CASE_FOLDS))}\\ud800-\\udfff]")


class Locator:
    """One exact start-of-match Hyperscan database per pattern it can compile exactly.

    One database per pattern, scanned only when a part asks for that pattern: a part asks
    only where the prefilter reported the pattern's trigger, a few segments in a hundred,
    and a combined start-of-match database costs ~6 µs per segment to scan.
    """

    def __init__(self, patterns: Mapping[str, re.Pattern[str]], hyperscan: Any) -> None:
        self._dbs: dict[str, tuple[Any, Any]] = {}
        for key, pattern in patterns.items():
            try:
                db = _database(hyperscan, pattern)
            except (hyperscan.error, ValueError):  # back-references...: searched from 0
                continue
            self._dbs[key] = (db, hyperscan.Scratch(db))
        self.located = frozenset(self._dbs)

    def start(self, trigger: str, text: str) -> int:
        """The index from which `re` must search `text` to find every match of the pattern
        of `trigger`: its leftmost possible start, or len(text) when it cannot match; 0 when
        the pattern is not located or Hyperscan cannot judge the text."""
        compiled = self._dbs.get(trigger)
        if compiled is None or (not text.isascii() and _ODD.search(text)):
            return 0
        db, scratch = compiled
        data = text.encode("utf-8", "replace")
        starts = [len(data)]  # a match is never empty, so this only stands for "none"
        db.scan(
            data,
            match_event_handler=lambda _id, start, *_: starts.append(start),
            scratch=scratch,
        )
        first = min(starts)
        if first == len(data):
            return len(text)
        if len(data) == len(text):  # ASCII: bytes are characters
            return first
        # Byte offset to character index; "ignore" can only move it earlier.
        return len(data[:first].decode("utf-8", "ignore"))


def _flags(hyperscan: Any, pattern: re.Pattern[str]) -> int:
    flags = 0
    for name in _FLAGS:
        flags |= getattr(hyperscan, name)
    if pattern.flags & re.IGNORECASE:
        flags |= hyperscan.HS_FLAG_CASELESS
    return int(flags)


def strip_lookarounds(source: str) -> str:
    """`source` without its lookahead and lookbehind groups (nested ones included).

    An assertion only rules matches out, never moves where one starts, so every match of
    the pattern is a match, with the same start, of the pattern without its assertions.
    """
    out: list[str] = []
    i = 0
    while i < len(source):
        if source.startswith(_LOOKAROUND_OPENERS, i):
            i = _group_end(source, i)
            if source[i : i + 1] in ("?", "*", "+", "{"):  # a repeated assertion: give up
                raise ValueError(f"quantified lookaround at {i}")
            continue
        step = _token_length(source, i)
        out.append(source[i : i + step])
        i += step
    return "".join(out)


_LOOKAROUND_OPENERS = ("(?=", "(?!", "(?<=", "(?<!")


def _token_length(source: str, i: int) -> int:
    """The length of the token at `i`: an escape, a whole character class or one char."""
    if source[i] == "\\":
        return 2
    if source[i] != "[":
        return 1
    j = i + 1
    if source[j : j + 1] == "^":
        j += 1
    if source[j : j + 1] == "]":  # a leading "]" is a literal
        j += 1
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1 - i


def _group_end(source: str, i: int) -> int:
    """The index just past the group opened at `i`."""
    depth, j = 0, i
    while j < len(source):
        if source[j] == "(":
            depth += 1
        elif source[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += _token_length(source, j)
    raise ValueError(f"unbalanced group at {i}")


def _database(hyperscan: Any, pattern: re.Pattern[str]) -> Any:
    source = hyperscan_source(strip_lookarounds(pattern.pattern))
    return _compiled(hyperscan, source, _flags(hyperscan, pattern))


@functools.lru_cache(maxsize=64)
def _compiled(hyperscan: Any, source: str, flags: int) -> Any:
    """A compiled database, shared by the scanners of one process (scanning only reads it)."""
    return hscache.compiled(hyperscan, [(source, flags)])


def build_locator(patterns: Mapping[str, re.Pattern[str]]) -> Locator | None:
    """A locator over `patterns` when Hyperscan imports, else None (search from 0)."""
    if not patterns:
        return None
    try:
        import hyperscan
    except ImportError:
        return None
    return Locator(patterns, hyperscan)
