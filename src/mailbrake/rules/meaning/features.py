"""The words a meaning model sees: one tokeniser shared by training and the check."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import chain, pairwise

# Letters (any script) and digits; runs of digits become "0" so "9 to 6" and "12 to 8" are
# one feature, and amounts, dates and headcounts generalise across messages.
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*|[€$£%]")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# Sentences: a stop followed by space, or a line break (tables, bullet lists, headers).
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_STEM = 5
# How many characters of one message the model reads (head of every part, see `windows`).
MAX_CHARS_PER_PART = 20_000


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, digit runs folded to "0" (one pass each, in C)."""
    return _TOKEN.findall(_DIGITS.sub("0", text.lower()))


def terms(words: list[str]) -> Iterable[str]:
    """Unigrams, adjacent bigrams ("a b") and the first five letters of long words ("salar~").

    The prefixes are a crude stemmer that works in every language the check reads: inflected
    forms ("dismissed", "dismissal"; "salario", "salarios") share one feature, which measured
    better across template families than the words alone (docs/detectors.md).
    """
    bigrams = map(" ".join, pairwise(words))
    return chain(words, bigrams, (w[:_STEM] + "~" for w in words if len(w) > _STEM))


def count_terms(texts: Iterable[str]) -> Counter[str]:
    """Term counts over several texts (the parts of one message), bigrams not crossing parts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(terms(tokens(text[:MAX_CHARS_PER_PART])))
    return counts


def sentences(text: str) -> list[tuple[int, str]]:
    """(line number, sentence) for each non-blank sentence of `text`, lines counted from 1."""
    out: list[tuple[int, str]] = []
    for line_no, line in enumerate(text[:MAX_CHARS_PER_PART].split("\n"), start=1):
        for piece in _SENTENCE.split(line):
            if piece.strip():
                out.append((line_no, piece))
    return out
