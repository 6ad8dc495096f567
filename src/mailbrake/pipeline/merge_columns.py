"""Merge columns: which list columns the templates use hold personal data, and whose.

A column of checksum-valid IBANs is found by the same detectors as text, reading every
recipient's value as a line "iban: DE62…". A salary or a date of birth is only a number or a
date without its label, so a column whose name says what it is and whose values look like it
is found by its name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mailbrake.models import Category, Confidence, Location, TextSegment
from mailbrake.rules import detect

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
    hits: dict[tuple[str, str], ColumnHit] = {}
    for column, values in columns.items():
        filled = [v.strip() for v in values if v.strip()]
        if not filled:
            continue
        own = len(set(filled)) > 1
        detected = _detected(column, filled, own)
        # A name-based hit adds nothing where a detector already confirmed that category.
        confirmed = {hit.category for hit in detected}
        named = [h for h in _named(column, filled, own) if h.category not in confirmed]
        for hit in detected + named:
            hits.setdefault((column, hit.kind), hit)
    return list(hits.values())


def _detected(column: str, values: list[str], own: bool) -> list[ColumnHit]:
    """What the content detectors find in the column's values, each labelled with its name."""
    label = column.replace("_", " ")
    location = Location(MERGE_FIELD, column)
    segments: list[TextSegment] = []
    lines: list[str] = []
    size = 0
    for value in dict.fromkeys(values):  # each distinct value once
        line = f"{label}: {value}"
        lines.append(line)
        size += len(line) + 1
        if size >= _CHUNK:
            segments.append(TextSegment(location, "\n".join(lines)))
            lines, size = [], 0
    if lines:
        segments.append(TextSegment(location, "\n".join(lines)))
    return [
        ColumnHit(column, f.category, f.detector, f.kind, f.confidence, f.snippet, own)
        for f in detect(segments)
        if f.category is not Category.UNSCANNABLE
    ]


def _named(column: str, values: list[str], own: bool) -> list[ColumnHit]:
    """Columns whose name says what they hold, when most values look like it."""
    found = []
    for named in _NAMED:
        if not named.name.search(column):
            continue
        fitting = sum(1 for v in values if named.value.search(v))
        if fitting * 2 >= len(values):
            snippet = f"column {column!r}: {named.kind.replace('_', ' ')} values (***)"
            found.append(
                ColumnHit(
                    column, named.category, "merge_columns", named.kind, Confidence.MEDIUM,
                    snippet, own,
                )
            )  # fmt: skip
    return found
