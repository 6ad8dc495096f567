"""The words a meaning model sees: one tokeniser shared by training and the check."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, compress, count, filterfalse, pairwise

# Letters (any script) and digits; runs of digits become "0" so "9 to 6" and "12 to 8" are
# one feature, and amounts, dates and headcounts generalise across messages.
_WORD = r"[^\W\d_]+|\d+(?:[.,]\d+)*|[€$£%]"
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# Sentences: a stop followed by space, or a line break (tables, bullet lists, headers).
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
# The words and, between them, the sentence breaks: each line break, and the space after a
# stop within a line. A break is all whitespace and a word never is, so one pass over a part
# gives both its words (for the counts) and its sentences (for the evidence).
_WORD_OR_BREAK = re.compile(rf"{_WORD}|\n|(?<=[.!?;])[^\S\n]+")
_STEM = 5
# Terms with no letter: a number alone or beside a currency sign says how a message is laid
# out (a booking's dates, an invoice's amounts), not what it is about; the rules judge numbers
# (checksums, formats). "0 roles" and "from 0" keep their word.
_SIGNS = ("0", "€", "$", "£", "%")
NUMERIC_TERMS = (*_SIGNS, *(f"{a} {b}" for a in _SIGNS for b in _SIGNS))
# How many characters of one message the model reads (head of every part, see `windows`).
MAX_CHARS_PER_PART = 20_000


@dataclass(frozen=True, slots=True)
class ReadPart:
    """One part as the model reads it: its tokens with the sentence breaks between them, and
    its terms by word position.

    The terms are the words (lower-cased, every digit run folded to "0"), the adjacent bigrams
    ("a b", `bigrams[i]` joins words i and i + 1) and the first five letters of long words
    ("salar~", `stems[i]` for word i, None for a word of five letters or fewer). The prefixes
    are a crude stemmer that works in every language the check reads: inflected forms
    ("dismissed", "dismissal"; "salario", "salarios") share one feature, which measured
    better across template families than the words alone (docs/detectors.md).
    """

    tokens: list[str]
    words: list[str]
    bigrams: list[str]
    stems: list[str | None]


def read_part(text: str) -> ReadPart:
    """The head of one part (MAX_CHARS_PER_PART characters), read in one pass in C."""
    tokens = _WORD_OR_BREAK.findall(_DIGITS.sub("0", text[:MAX_CHARS_PER_PART].lower()))
    words = list(filterfalse(str.isspace, tokens))
    bigrams = list(map(" ".join, pairwise(words)))
    stems = [w[:_STEM] + "~" if len(w) > _STEM else None for w in words]
    return ReadPart(tokens, words, bigrams, stems)


def terms_of(texts: Iterable[str]) -> dict[str, None]:
    """The distinct terms of several texts (the parts of one message), bigrams not crossing
    parts, in order of first sight. The model asks only whether a message has a term, not
    how often (binary tf)."""
    return terms_read(map(read_part, texts))


def terms_read(parts: Iterable[ReadPart]) -> dict[str, None]:
    """`terms_of` of parts already read. A dict as an ordered set: scoring sums in this order,
    so a message scores the same to the last bit in every process (a set's order is not)."""
    kinds = [kind for part in parts for kind in (part.words, part.bigrams, part.stems)]
    terms = dict.fromkeys(chain.from_iterable(kinds))
    terms.pop(None, None)  # a short word's missing prefix
    for term in NUMERIC_TERMS:
        terms.pop(term, None)
    return terms  # type: ignore[return-value]  # (None is gone)


# One sentence of a part that has words: (line from 1, index within the line, first word,
# end word), so its words are part.words[first:end]; `sentence_at` gives it as written. (A
# plain tuple: a message has dozens, and a dataclass took a third of the explanation's time.)
Span = tuple[int, int, int, int]


def sentence_spans(part: ReadPart) -> list[Span]:
    """Every sentence of a part that has words, in order."""
    spans = []
    line, index, start, first = 1, 0, 0, 0  # `first`: the sentence's first word's position
    tokens = part.tokens
    for end in compress(count(), map(str.isspace, tokens)):  # where the breaks are
        if end > start:
            spans.append((line, index, first, first + end - start))
            first += end - start
        if tokens[end] == "\n":
            line, index = line + 1, 0
        else:
            index += 1
        start = end + 1
    if len(tokens) > start:
        spans.append((line, index, first, len(part.words)))
    return spans


def terms_in(part: ReadPart, span: Span) -> Iterable[str | None]:
    """The terms of one sentence's words (bigrams within them only), in the order
    words, bigrams, prefixes; None for a short word's missing prefix."""
    _line, _index, first, end = span
    return chain(part.words[first:end], part.bigrams[first : end - 1], part.stems[first:end])


def sentence_at(text: str, line: int, index: int) -> str:
    """The sentence of `text` at (line, index) of a `Span`, as written."""
    lines = text[:MAX_CHARS_PER_PART].split("\n", line)  # up to the line wanted, no further
    return _SENTENCE.split(lines[line - 1], index + 1)[index]
