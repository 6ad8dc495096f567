"""The words a meaning model sees: one tokeniser shared by training and the check."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain, compress, count, filterfalse, pairwise

# Letters (any script) and digits; runs of digits become "0" so "9 to 6" and "12 to 8" are
# one feature, and amounts, dates and headcounts generalise across messages.
_WORD = r"[^\W\d_]+|\d+(?:[.,]\d+)*|[€$£%]"
_TOKEN = re.compile(_WORD)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# Sentences: a stop followed by space, or a line break (tables, bullet lists, headers).
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
# The words and, between them, the sentence breaks: each line break, and the space after a
# stop within a line. A break is all whitespace and a word never is, so one pass over a part
# gives both its words (for the counts) and its sentences (for the evidence).
_WORD_OR_BREAK = re.compile(rf"{_WORD}|\n|(?<=[.!?;])[^\S\n]+")
_STEM = 5
# How many characters of one message the model reads (head of every part, see `windows`).
MAX_CHARS_PER_PART = 20_000

Sentence = tuple[int, int, list[str]]  # line (from 1), index within the line, its words


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
    return chain(words, bigrams, [w[:_STEM] + "~" for w in words if len(w) > _STEM])


def read_part(text: str) -> list[str]:
    """The tokens of the head of one part with its sentence breaks in between (whitespace
    strings, a line break being "\\n"): the words and the sentences in one pass."""
    return _WORD_OR_BREAK.findall(_DIGITS.sub("0", text[:MAX_CHARS_PER_PART].lower()))


def count_terms(texts: Iterable[str]) -> Counter[str]:
    """Term counts over several texts (the parts of one message), bigrams not crossing parts."""
    return count_read(map(read_part, texts))


def count_read(parts: Iterable[list[str]]) -> Counter[str]:
    """`count_terms` of parts already read with `read_part`."""
    counts: Counter[str] = Counter()
    for part in parts:
        counts.update(terms(list(filterfalse(str.isspace, part))))
    return counts


def sentence_words(part: list[str]) -> Iterator[Sentence]:
    """(line, index within the line, words) of each sentence with words in a part read with
    `read_part`; `sentence_at` gives the sentence itself."""
    line, index, start = 1, 0, 0
    for end in compress(count(), map(str.isspace, part)):  # where the breaks are
        if end > start:
            yield line, index, part[start:end]
        if part[end] == "\n":
            line, index = line + 1, 0
        else:
            index += 1
        start = end + 1
    if len(part) > start:
        yield line, index, part[start:]


def sentence_at(text: str, line: int, index: int) -> str:
    """The sentence of `text` that `sentence_words` numbered (line, index), as written."""
    lines = text[:MAX_CHARS_PER_PART].split("\n", line)  # up to the line wanted, no further
    return _SENTENCE.split(lines[line - 1], index + 1)[index]
