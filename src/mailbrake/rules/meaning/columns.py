"""A meaning model's rows packed for scoring, and one message's known terms as columns.

Scoring a message is dominated by looking its terms up in the model: tens of thousands of
rows, which the rule detectors that run before the model push out of the CPU caches. A row
packed as one bytes object is half the memory of a tuple of float objects, and the known
terms' rows joined into one array give every column as a slice, so scoring touches less
memory and every loop over terms runs in C.

A packed row holds what scoring adds up rather than the model's own numbers: a term's idf
squared (its share of the norm) and its idf times each weight (its push on each category),
then the idf. A term's value is its idf whether the message has it once or ten times (binary
tf), so a message's norm and every category's sum are sums of slices, with no multiplication.
"""

from __future__ import annotations

import math
import struct
from array import array
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import mul, truediv

# A term's row as the model file keeps it: its idf, then its weight for each category.
Row = tuple[float, ...]
# Where a packed row keeps its values: idf squared, idf x weight for each category, then idf.
_SQUARE = 0
_FIRST_PUSH = 1


@dataclass(frozen=True, slots=True)
class KnownTerms:
    """The distinct terms of one message that the model knows, with what scoring needs.

    `sums[i]` is the sum of idf x weight for category i over the known terms, before dividing
    by `norm` (the L2 norm of their idfs); `flat` holds their packed rows one after another
    (`width` each). Which terms they are (`terms`) is worked out only when asked for: only a
    message with a category above its threshold needs it, for its explanation.
    """

    seen: Collection[str] = ()  # the message's distinct terms, known or not
    found: Sequence[bytes | None] = ()  # each one's packed row, None for an unknown term
    norm: float = 1.0
    sums: tuple[float, ...] = ()
    flat: Sequence[float] = ()
    width: int = 0

    @property
    def terms(self) -> tuple[str, ...]:
        """The known terms, in the order of `flat`'s rows."""
        return tuple(compress(self.seen, self.found))

    def weighted_sum(self, category: int) -> float:
        """Sum of value x weight over the known terms for one category (before the norm)."""
        return self.sums[category] if self.sums else 0.0

    def pushes(self, categories: Sequence[int]) -> list[dict[str, float]]:
        """Each known term's push on each of `categories`, its idf x weight, before the norm
        (every push of a message is divided by the same norm, so the order of sentences and
        words by push is the same without it)."""
        terms = self.terms
        columns = [self.flat[_FIRST_PUSH + i :: self.width] for i in categories]
        return [dict(zip(terms, column, strict=True)) for column in columns]


class PackedRows:
    """The rows of a model, each packed into one bytes object of native doubles laid out
    for scoring (`_SQUARE`, `_FIRST_PUSH`; the idf last)."""

    __slots__ = ("_packed", "_width")

    def __init__(self, rows: Mapping[str, Row], width: int) -> None:
        # Commonest terms (lowest idf) first, each key a fresh copy: the terms nearly every
        # message has then share cache lines (entries, keys and rows), which measured ~10%
        # off the look-ups in the check loop.
        by_idf = sorted(rows.items(), key=lambda item: item[1][0])
        terms = [term.encode().decode() for term, _row in by_idf]
        self._set(terms, array("d", [v for _term, row in by_idf for v in row]), width)

    @classmethod
    def from_packed(cls, terms: Sequence[str], packed: bytes, width: int) -> PackedRows:
        """Rows as a model file keeps them (native doubles, idf then weights, one row after
        another in the order of `terms`, commonest first, so no sort is needed here)."""
        self = cls.__new__(cls)
        self._set(terms, array("d", packed), width)
        return self

    def _set(self, terms: Sequence[str], rows: array[float], width: int) -> None:
        """Lay the model's rows out for scoring, column by column (each step runs in C)."""
        idf = rows[0::width]
        laid = array("d", bytes(8 * len(rows) + 8 * len(idf)))
        out = width + 1
        laid[_SQUARE::out] = array("d", map(mul, idf, idf))
        for i in range(1, width):
            laid[_FIRST_PUSH + i - 1 :: out] = array("d", map(mul, idf, rows[i::width]))
        laid[out - 1 :: out] = idf
        size = 8 * out
        raw = laid.tobytes()
        self._packed = dict(
            zip(terms, [raw[i : i + size] for i in range(0, len(raw), size)], strict=True)
        )
        self._width = width

    @property
    def width(self) -> int:
        """Values per model row: the idf, then one weight per category."""
        return self._width

    def row(self, term: str) -> Row:
        """One term's row as the model keeps it (KeyError for an unknown term); a weight
        comes back as (idf x weight) / idf, exact to the last bit or so (an idf is >= 1)."""
        return _model_row(struct.unpack(f"{self._width + 1}d", self._packed[term]))

    def terms(self) -> Iterator[str]:
        return iter(self._packed)

    def __contains__(self, term: object) -> bool:
        return term in self._packed

    def __len__(self) -> int:
        return len(self._packed)

    def known(self, terms: Collection[str]) -> KnownTerms:
        """The known terms among a message's distinct `terms`, scored (summed in their order)."""
        found = list(map(self._packed.get, terms))  # a packed row, or None for an unknown term
        rows = list(filter(None, found))
        if not rows:
            return KnownTerms()
        # A memoryview's slices are summed without copying the column out first.
        flat = memoryview(b"".join(rows)).cast("d")
        width = self._width + 1
        norm = math.sqrt(sum(flat[_SQUARE::width])) or 1.0
        sums = tuple(sum(flat[i::width]) for i in range(_FIRST_PUSH, width - 1))
        return KnownTerms(terms, found, norm, sums, flat, width)


def _model_row(packed: tuple[float, ...]) -> Row:
    idf = packed[-1]
    return (idf, *map(truediv, packed[_FIRST_PUSH:-1], repeat(idf)))


class RowView(Mapping[str, Row]):
    """The rows of packed rows as a read-only mapping of (idf, weight...) tuples, unpacked
    when asked for (saving a model file, a test's reference): a model loaded from a file
    keeps each row once, packed for scoring."""

    __slots__ = ("packed",)

    def __init__(self, packed: PackedRows) -> None:
        self.packed = packed

    def __getitem__(self, term: str) -> Row:
        return self.packed.row(term)

    def __contains__(self, term: object) -> bool:
        return term in self.packed

    def __iter__(self) -> Iterator[str]:
        return self.packed.terms()

    def __len__(self) -> int:
        return len(self.packed)
