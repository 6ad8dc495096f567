"""Merge columns: which list columns the templates use hold personal data, and whose.

A column of checksum-valid IBANs is found by the same detectors as text, reading every
recipient's value as a line "iban: DE62…". A salary or a date of birth is only a number or a
date without its label, so a column whose name says what it is and whose values look like it
is found by its name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mailbrake.models import Category, Confidence, Finding, Location, TextSegment
from mailbrake.pipeline.merge_prose import ProseReader
from mailbrake.rules import detect_rules
from mailbrake.rules.meaning import MeaningModel

MERGE_FIELD = "merge field"
_CHUNK = 200_000  # characters of "column: value" lines per scanned segment


@dataclass(frozen=True, slots=True)
class ColumnHit:
    """One kind of sensitive value in one column."""

    column: str
    category: Category
    detector: str
    kind: str
    confidence: Confidence
    snippet: str  # redacted
    own: bool  # recipients hold different values: each gets their own


@dataclass(frozen=True, slots=True)
class _NamedKind:
    name: re.Pattern[str]
    value: re.Pattern[str]
    category: Category
    kind: str


_NUMBER = re.compile(r"^[^\d]{0,4}\d[\d\s.,']*(?:k|[^\d]{0,4})$", re.IGNORECASE)
_DATE = re.compile(r"\d{1,4}[-./ ]\d{1,2}[-./ ]\d{1,4}|\d{1,2}\s+[A-Za-zäéû]{3,}\s+\d{2,4}")
_ANY = re.compile(r"\S")


def _names(*words: str) -> re.Pattern[str]:
    """Column names containing one of `words` as a whole word; `_` separates words too."""
    return re.compile(rf"(?i)(?<![a-z0-9])(?:{'|'.join(words)})(?![a-z0-9])")


# Column names that say what the values are; the value pattern must fit most values too.
_NAMED = (
    _NamedKind(
        re.compile(r"(?i)salar|wage|gehalt|salaire|sueldo|compensation|bonus|base_?pay|pay_?rate"),
        _NUMBER, Category.PERSONAL_DATA, "salary",
    ),
    _NamedKind(
        re.compile(rf"{_names('dob').pattern}|(?i:birth|geburt|naissance|nacimiento)"),
        _DATE, Category.PERSONAL_DATA, "date_of_birth",
    ),
    _NamedKind(
        _names(
            "ssn", r"social_?sec\w*", r"national_?id", "nino?", r"passport\w*", r"tax_?id",
            r"steuer_?id", "insee", "bsn", "personnummer", "dni", "nif", "sin",
            r"licen[cs]e_?(?:no|number)",
        ),
        _ANY, Category.PERSONAL_DATA, "national_id",
    ),
    _NamedKind(
        re.compile(r"(?i)iban|bank_?account|account_?(?:no|number)|sort_?code|routing"),
        re.compile(r"\d{4}"), Category.PERSONAL_DATA, "bank_account",
    ),
    _NamedKind(
        re.compile(r"(?i)diagnos|health|medical|sick|illness|disabilit"),
        _ANY, Category.PERSONAL_DATA, "health",
    ),
    _NamedKind(
        _names(r"passw\w*", "pin", r"api_?key", r"private_?key"),
        _ANY, Category.CREDENTIALS, "password",
    ),
)  # fmt: skip


def scan_columns(columns: Mapping[str, Sequence[str]]) -> list[ColumnHit]:
    """Every (column, kind) of sensitive values in the columns, at most one hit each."""
    scan = ColumnScan(columns)
    for row in zip(*columns.values(), strict=True):
        scan.add(dict(zip(columns, row, strict=True)))
    return scan.hits()


class ColumnScan:
    """Reads recipients one by one, in memory bounded by one chunk per column, so a list of a
    million recipients is scanned without holding its values. With a meaning model, every
    value that reads as prose is read by it too (merge_prose)."""

    def __init__(self, columns: Iterable[str], model: MeaningModel | None = None) -> None:
        self._columns = [_Column(name, model) for name in columns]

    def add(self, attributes: Mapping[str, str]) -> None:
        for column in self._columns:
            value = attributes.get(column.name, "").strip()
            if value:
                column.add(value)

    def hits(self) -> list[ColumnHit]:
        found: dict[tuple[str, str], ColumnHit] = {}
        for column in self._columns:
            for hit in column.hits():
                found.setdefault((hit.column, hit.kind), hit)
        return list(found.values())


class _Column:
    def __init__(self, name: str, model: MeaningModel | None = None) -> None:
        self.name = name
        self._label = name.replace("_", " ")
        self._location = Location(MERGE_FIELD, name)
        self._prose = ProseReader(self._location, model) if model is not None else None
        self._named = [named for named in _NAMED if named.name.search(name)]
        self._fitting = [0] * len(self._named)
        self._lines: list[str] = []
        self._size = 0
        self._first: str | None = None
        self._last = ""
        self.filled = 0
        self.own = False  # recipients hold different values
        self._detected: dict[str, Finding] = {}

    def add(self, value: str) -> None:
        self.filled += 1
        if self._first is None:
            self._first = value
        elif value != self._first:
            self.own = True
        for index, named in enumerate(self._named):
            if named.value.search(value):
                self._fitting[index] += 1
        if value == self._last:
            return  # a run of one value is scanned once
        self._last = value
        if self._prose is not None:
            self._prose.add(value)
        line = f"{self._label}: {value}"
        self._lines.append(line)
        self._size += len(line) + 1
        if self._size >= _CHUNK:
            self._flush()

    def _flush(self) -> None:
        if not self._lines:
            return
        segment = TextSegment(self._location, "\n".join(self._lines))
        self._lines, self._size = [], 0
        for found in detect_rules([segment]):
            if found.category is not Category.UNSCANNABLE:
                self._detected.setdefault(found.kind, found)

    def hits(self) -> list[ColumnHit]:
        self._flush()
        if not self.filled:
            return []
        detected = [
            ColumnHit(self.name, f.category, f.detector, f.kind, f.confidence, f.snippet, self.own)
            for f in self._detected.values()
        ]
        # A name-based hit adds nothing where a detector already confirmed that category.
        confirmed = {hit.category for hit in detected}
        return (
            detected
            + [
                self._named_hit(named)
                for named, fitting in zip(self._named, self._fitting, strict=True)
                if fitting * 2 >= self.filled and named.category not in confirmed
            ]
            + self._prose_hits()
        )

    def _prose_hits(self) -> list[ColumnHit]:
        """The categories the meaning model found in some of the column's values."""
        if self._prose is None:
            return []
        hits = []
        for category, seen in self._prose.found.items():
            snippet, confidence = self._prose.summary(category)
            example = seen.example
            hit = ColumnHit(
                self.name, category, example.detector, example.kind, confidence, snippet, self.own
            )
            hits.append(hit)
        return hits

    def _named_hit(self, named: _NamedKind) -> ColumnHit:
        """A column whose name says what it holds, and most of whose values look like it."""
        snippet = f"column {self.name!r}: {named.kind.replace('_', ' ')} values (***)"
        return ColumnHit(
            self.name, named.category, "merge_columns", named.kind, Confidence.MEDIUM,
            snippet, self.own,
        )  # fmt: skip
