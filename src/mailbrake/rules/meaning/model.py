"""A linear meaning model: its weights, how it scores a message and which sentence weighed most."""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mailbrake.errors import MailbrakeError
from mailbrake.rules.meaning.features import count_terms, sentences, terms, tokens


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
    `categories`. Features are (1 + log count) x idf, L2-normalised over the message.
    """

    categories: tuple[str, ...]
    rows: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    thresholds: tuple[float, ...]
    fingerprint: str = ""

    def score(self, texts: Sequence[str]) -> list[Verdict]:
        """Each category's probability for a message made of `texts` (its parts)."""
        counts = count_terms(texts)
        weights, _norm = self._weighted(counts)
        out = []
        for i, category in enumerate(self.categories):
            z = self.bias[i] + sum(x * self.rows[t][i + 1] for t, x in weights.items())
            out.append(Verdict(category, _sigmoid(z), self.thresholds[i]))
        return out

    def _weighted(self, counts: Counter[str]) -> tuple[dict[str, float], float]:
        """Each known term's normalised feature value, and the norm it was divided by."""
        raw = {
            t: (1.0 + math.log(n)) * self.rows[t][0] for t, n in counts.items() if t in self.rows
        }
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        return {t: v / norm for t, v in raw.items()}, norm

    def evidence(self, texts: Sequence[str], category: str, top: int = 4) -> Evidence | None:
        """The sentence of `texts` whose terms push `category` up most, or None."""
        i = self.categories.index(category) + 1
        counts = count_terms(texts)
        weights, _norm = self._weighted(counts)
        best: tuple[float, int, int, str, list[tuple[float, str]]] | None = None
        for part, text in enumerate(texts):
            for line, sentence in sentences(text):
                pushes = [
                    (weights[t] * self.rows[t][i] / counts[t], t)
                    for t in set(terms(tokens(sentence)))
                    if t in weights
                ]
                total = sum(p for p, _t in pushes)
                if best is None or total > best[0]:
                    best = (total, part, line, sentence, pushes)
        if best is None or best[0] <= 0:
            return None
        _total, part, line, sentence, pushes = best
        words = tuple(t for p, t in sorted(pushes, reverse=True)[:top] if p > 0)
        return Evidence(part, line, sentence, words)

    def to_json(self) -> dict[str, object]:
        return {
            "format": 1,
            "categories": list(self.categories),
            "bias": list(self.bias),
            "thresholds": list(self.thresholds),
            "fingerprint": self.fingerprint,
            "rows": {t: [round(v, 5) for v in row] for t, row in sorted(self.rows.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, object], where: str) -> MeaningModel:
        try:
            categories = tuple(str(c) for c in data["categories"])  # type: ignore[attr-defined]
            rows_in: dict[str, list[float]] = data["rows"]  # type: ignore[assignment]
            rows = {str(t): tuple(float(v) for v in row) for t, row in rows_in.items()}
            bias = tuple(float(b) for b in data["bias"])  # type: ignore[attr-defined]
            thresholds = tuple(float(b) for b in data["thresholds"])  # type: ignore[attr-defined]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelFileError(
                f"{where}: not a meaning model ({type(exc).__name__}: {exc})",
                hint="Rebuild it with `python scripts/train_meaning.py`.",
            ) from exc
        width = len(categories) + 1
        if len(bias) != len(categories) or len(thresholds) != len(categories):
            raise ModelFileError(f"{where}: bias or thresholds do not match the categories")
        if any(len(row) != width for row in rows.values()):
            raise ModelFileError(f"{where}: a term row does not have {width} values")
        return cls(categories, rows, bias, thresholds, str(data.get("fingerprint", "")))


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
