"""A linear meaning model: its weights, how it scores a message and which sentence weighed most."""

from __future__ import annotations

import base64
import gzip
import json
import math
import sys
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path

from mailbrake.errors import MailbrakeError
from mailbrake.rules.meaning.columns import KnownTerms, PackedRows, Row, RowView
from mailbrake.rules.meaning.features import (
    ReadPart,
    Span,
    read_part,
    sentence_at,
    sentence_spans,
    terms_in,
    terms_read,
)


class ModelFileError(MailbrakeError):
    """The shipped model file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """One category's score for a message: probability and whether it passes the threshold."""

    category: str
    probability: float
    threshold: float

    @property
    def positive(self) -> bool:
        return self.probability >= self.threshold


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence that weighed most for a category, with the words that weighed most."""

    part: int  # index into the texts scored
    line: int
    sentence: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MeaningModel:
    """Logistic regression over tf-idf of word unigrams and bigrams, one column per category.

    `rows` maps a term to (idf, weight for each category); `bias` and `thresholds` follow
    `categories`. A feature is a term's idf if the message has the term (binary tf: once or ten
    times alike), divided by the message's L2 norm raised to `norm_power` (1 is plain L2
    normalisation; below 1 a long message's terms are diluted less, so one sensitive
    paragraph in a long message about something else still counts: docs/detectors.md).
    """

    categories: tuple[str, ...]
    rows: Mapping[str, Row]
    bias: tuple[float, ...]
    thresholds: tuple[float, ...]
    fingerprint: str = ""
    norm_power: float = 1.0
    # The rows again, packed for scoring (built here, once per model).
    packed: PackedRows = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.rows, RowView):  # read from a file: packed already
            packed = self.rows.packed
        else:
            packed = PackedRows(self.rows, len(self.categories) + 1)
        object.__setattr__(self, "packed", packed)

    def score(self, texts: Sequence[str]) -> list[Verdict]:
        """Each category's probability for a message made of `texts` (its parts)."""
        known = self.packed.known(terms_read(map(read_part, texts)))
        probabilities = self._probabilities(known)
        return list(map(Verdict, self.categories, probabilities, self.thresholds))

    def assess(self, texts: Sequence[str]) -> list[tuple[Verdict, Evidence | None]]:
        """The categories above their threshold, each with the sentence that weighed most."""
        parts = [read_part(text) for text in texts]
        known = self.packed.known(terms_read(parts))
        scored = zip(self.categories, self._probabilities(known), self.thresholds, strict=True)
        positive = [Verdict(c, p, t) for c, p, t in scored if p >= t]
        if not positive:
            return []
        evidence = self._evidence(texts, parts, known, [v.category for v in positive])
        return [(v, evidence.get(v.category)) for v in positive]

    def _probabilities(self, known: KnownTerms) -> list[float]:
        """Each category's probability, in the order of `categories`."""
        scale = known.norm**self.norm_power
        return [_sigmoid(bias + known.weighted_sum(i) / scale) for i, bias in enumerate(self.bias)]

    def _evidence(
        self,
        texts: Sequence[str],
        parts: list[ReadPart],
        known: KnownTerms,
        categories: list[str],
    ) -> dict[str, Evidence]:
        """For each category, the sentence whose terms push it up most.

        A term's push is its feature value times its weight. A sentence's total is the sum
        of the pushes of its terms where they stand (words, bigrams within the sentence,
        prefixes), so each part costs one look-up per term and position per category, and
        each sentence three slices. Totals are summed exactly (`math.fsum`), so a tie
        between sentences always goes to the first.
        """
        pushes = known.pushes([self.categories.index(c) for c in categories])
        best: dict[str, tuple[float, int, Span]] = {}
        for part, read in enumerate(parts):
            spans = sentence_spans(read)
            for category, push in zip(categories, pushes, strict=True):
                words, bigrams = _at(push, read.words), _at(push, read.bigrams)
                stems = _at(push, read.stems)
                top = best[category][0] if category in best else 0.0
                for span in spans:
                    first, end = span[2], span[3]
                    total = math.fsum(
                        chain(words[first:end], bigrams[first : end - 1], stems[first:end])
                    )
                    if total > top:
                        best[category] = (top := total, part, span)
        out = {}
        for category, push in zip(categories, pushes, strict=True):
            if category in best:
                _total, part, span = best[category]
                here = {t for t in terms_in(parts[part], span) if t is not None and t in push}
                ranked = sorted(((push[t], t) for t in here), reverse=True)
                cue = tuple(t for p, t in ranked[:4] if p > 0)
                line, index, _first, _end = span
                out[category] = Evidence(part, line, sentence_at(texts[part], line, index), cue)
        return out

    def to_json(self) -> dict[str, object]:
        """Format 2: the terms as one string, commonest (lowest idf) first, as `PackedRows`
        orders them, and their rows as one array of little-endian float32, base64-encoded.
        Parsing ninety thousand JSON lists took half a second; one string and one array load
        in a fraction of that. float32 keeps seven digits, more than the five kept before."""
        ordered = sorted(self.rows.items(), key=lambda item: (item[1][0], item[0]))
        if any("\n" in term for term, _row in ordered):
            raise ValueError("a term holds a line break")  # the tokeniser never makes one
        weights = array("f", [v for _term, row in ordered for v in row])
        if sys.byteorder == "big":
            weights.byteswap()
        return {
            "format": 2,
            "categories": list(self.categories),
            "bias": list(self.bias),
            "thresholds": list(self.thresholds),
            "fingerprint": self.fingerprint,
            "norm_power": self.norm_power,
            "terms": "\n".join(term for term, _row in ordered),
            "weights": base64.b64encode(weights.tobytes()).decode("ascii"),
        }

    @classmethod
    def from_json(cls, data: dict[str, object], where: str) -> MeaningModel:
        try:
            categories = tuple(str(c) for c in data["categories"])  # type: ignore[attr-defined]
            width = len(categories) + 1
            rows = _rows(data, width) if data.get("format") == 2 else _rows_v1(data)
            bias = tuple(float(b) for b in data["bias"])  # type: ignore[attr-defined]
            thresholds = tuple(float(b) for b in data["thresholds"])  # type: ignore[attr-defined]
            power = float(data.get("norm_power", 1.0))  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelFileError(
                f"{where}: not a meaning model ({type(exc).__name__}: {exc})",
                hint="Rebuild it with `python scripts/train_meaning.py`.",
            ) from exc
        if len(bias) != len(categories) or len(thresholds) != len(categories):
            raise ModelFileError(f"{where}: bias or thresholds do not match the categories")
        if not 0.0 < power <= 1.0:
            raise ModelFileError(f"{where}: norm_power {power} is not in (0, 1]")
        if rows is None:  # format 2: an array of the wrong length
            raise ModelFileError(f"{where}: a term row does not have {width} values")
        if not isinstance(rows, RowView):  # format 1 (format 2 is checked as it is read)
            if any(len(row) != width for row in rows.values()):
                raise ModelFileError(f"{where}: a term row does not have {width} values")
            if not all(row[0] > 0 for row in rows.values()):
                raise ModelFileError(f"{where}: a term's idf is not positive")
        return cls(categories, rows, bias, thresholds, str(data.get("fingerprint", "")), power)


def _at(push: dict[str, float], terms: Sequence[str | None]) -> list[float]:
    """Each position's push: 0 for a term the model does not know (or a missing prefix)."""
    return list(map(push.get, terms, repeat(0.0)))  # type: ignore[arg-type]


def _rows(data: dict[str, object], width: int) -> Mapping[str, Row] | None:
    """Format 2's rows (None when the array does not hold `width` values per term)."""
    terms_text = data["terms"]
    if not isinstance(terms_text, str):
        raise TypeError("terms is not a string")
    terms = terms_text.split("\n") if terms_text else []
    weights = array("f", base64.b64decode(str(data["weights"]), validate=True))
    if sys.byteorder == "big":
        weights.byteswap()
    if len(weights) != len(terms) * width:
        return None
    if not all(idf > 0 for idf in weights[0::width]):  # (`> 0` also refuses a NaN)
        raise ValueError("a term's idf is not positive")  # scoring divides by it (RowView)
    return RowView(PackedRows.from_packed(terms, array("d", weights).tobytes(), width))


def _rows_v1(data: dict[str, object]) -> dict[str, Row]:
    """Format 1's rows: {term: [idf, weight...]} (files written before format 2)."""
    rows_in: dict[str, list[float]] = data["rows"]  # type: ignore[assignment]
    return {str(t): tuple(map(float, row)) for t, row in rows_in.items()}


def load_model(path: Path) -> MeaningModel:
    """Read a gzipped JSON model file."""
    try:
        data = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError, EOFError) as exc:
        raise ModelFileError(
            f"cannot read the meaning model {path}: {exc}",
            hint="Reinstall mailbrake, or rebuild it with `python scripts/train_meaning.py`.",
        ) from exc
    if not isinstance(data, dict):
        raise ModelFileError(f"{path}: not a meaning model (top level is not an object)")
    return MeaningModel.from_json(data, str(path))


def save_model(model: MeaningModel, path: Path) -> None:
    """Write the model as gzipped JSON, byte-for-byte reproducible (no timestamp)."""
    payload = json.dumps(model.to_json(), separators=(",", ":"), ensure_ascii=False)
    path.write_bytes(gzip.compress(payload.encode("utf-8"), mtime=0))


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
