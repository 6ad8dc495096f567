"""A meaning model's rows packed for scoring, and one message's known terms as columns.

Scoring a message is dominated by looking its terms up in the model: tens of thousands of
rows, which the rule detectors that run before the model push out of the CPU caches. A row
packed as one bytes object is half the memory of a tuple of float objects, and the known
terms' rows joined into one array give every column as a slice, so scoring touches less
memory and every loop over terms runs in C.
"""

from __future__ import annotations

import math
import struct
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count, repeat
from operator import mul, ne
from types import MappingProxyType

# A term's row: its idf, then its weight for each category.
Row = tuple[float, ...]


@dataclass(frozen=True, slots=True)
class KnownTerms:
    """The terms of one message that the model knows, column by column.

    `values[j]` is term j's tf-idf before dividing by `norm` (the L2 norm over all of them),
    `weights[i][j]` its weight for category i, `repeats[j]` how often the message has it.
    """

    terms: tuple[str, ...] = ()
    repeats: tuple[int, ...] = ()
    values: Sequence[float] = ()
    norm: float = 1.0
    weights: tuple[Sequence[float], ...] = ()

    def weighted_sum(self, category: int) -> float:
        """Sum of value x weight over the known terms for one category (before the norm)."""
        if not self.terms:
            return 0.0
        total: float = sum(map(mul, self.values, self.weights[category]))
        return total


class PackedRows:
    """The rows of a model, each packed into one bytes object of native doubles."""

    __slots__ = ("_packed", "_width")

    def __init__(self, rows: Mapping[str, Row], width: int) -> None:
        pack = struct.Struct(f"{width}d").pack
        # Commonest terms (lowest idf) first, each key a fresh copy: the terms nearly every
        # message has then share cache lines (entries, keys and rows), which measured ~10%
        # off the look-ups in the check loop.
        by_idf = sorted(rows.items(), key=lambda item: item[1][0])
        self._packed = {term.encode().decode(): pack(*row) for term, row in by_idf}
        self._width = width

    @classmethod
    def from_packed(cls, terms: Sequence[str], packed: bytes, width: int) -> PackedRows:
        """Rows already packed one after another (native doubles), in the order of `terms`:
        a model file keeps them commonest first, so no sort or copy is needed here."""
        self = cls.__new__(cls)
        size = 8 * width
        rows = [packed[i : i + size] for i in range(0, len(packed), size)]
        self._packed = dict(zip(terms, rows, strict=True))
        self._width = width
        return self

    @property
    def width(self) -> int:
        """Values per row: the idf, then one weight per category."""
        return self._width

    def by_term(self) -> Mapping[str, bytes]:
        """Each term's packed row (read only)."""
        return MappingProxyType(self._packed)

    def known(self, counts: Counter[str]) -> KnownTerms:
        """The known terms among `counts` (term -> times in the message) as columns."""
        found = list(map(self._packed.get, counts))  # a packed row, or None for an unknown term
        rows = list(filter(None, found))
        if not rows:
            return KnownTerms()
        flat = array("d", b"".join(rows))
        width = self._width
        repeats = tuple(compress(counts.values(), found))
        # (1 + log n) x idf: most terms are seen once, and their value is the idf itself.
        values = flat[0::width].tolist()
        for j in compress(count(), map(ne, repeats, repeat(1))):
            values[j] *= _term_frequency(repeats[j])
        norm = math.sqrt(sum(map(mul, values, values))) or 1.0
        weights = tuple(flat[i::width] for i in range(1, width))
        return KnownTerms(tuple(compress(counts, found)), repeats, values, norm, weights)


class RowView(Mapping[str, Row]):
    """The rows of packed rows as a read-only mapping of tuples, unpacked when asked for
    (saving a model file): a model loaded from a file keeps each row once, packed."""

    __slots__ = ("_rows", "_unpack", "packed")

    def __init__(self, packed: PackedRows) -> None:
        self.packed = packed
        self._rows = packed.by_term()
        self._unpack = struct.Struct(f"{packed.width}d").unpack

    def __getitem__(self, term: str) -> Row:
        return self._unpack(self._rows[term])

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


@lru_cache(maxsize=4096)
def _term_frequency(repeats: int) -> float:
    return 1.0 + math.log(repeats)
