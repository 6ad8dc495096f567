"""Merge prose: the meaning model reads every recipient's value of a column that holds prose.

The check renders a sample of recipients (merge_sample), and the model reads those copies
whole. A remark in a `note` column of a recipient outside the sample would reach its reader
unread by the model: the rules scan every value (merge_columns), but gossip or an internal plan
in plain words has no pattern to match. So each value of a used column that reads as prose
(three words or more) is also read by the model as a text of its own, once per distinct
value, and a category the model finds in any of them is reported for the column.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailbrake.models import Category, Confidence, Finding, Location, TextSegment
from mailbrake.rules.meaning import MeaningModel, meaning_findings

# A value of fewer words (a name, a number, a date, a city) is not a remark.
MIN_WORDS = 3
# Distinct values remembered per column, so a repeated remark is read once; beyond this many
# every value is read (slower, never unread).
_REMEMBERED = 100_000


@dataclass(slots=True)
class ProseCategory:
    """One category the model found in some values of a column."""

    example: Finding  # the first value's finding (its snippet names words, not the value)
    values: int = 0  # distinct values that carry it


class ProseReader:
    """Reads one column's values with the meaning model, one value at a time."""

    def __init__(self, location: Location, model: MeaningModel) -> None:
        self._location = location
        self._model = model
        self._seen: set[int] = set()
        self.read = 0  # distinct values read
        self.found: dict[Category, ProseCategory] = {}

    def add(self, value: str) -> None:
        if len(value.split(maxsplit=MIN_WORDS - 1)) < MIN_WORDS:
            return
        key = hash(value)
        if key in self._seen:
            return
        if len(self._seen) < _REMEMBERED:
            self._seen.add(key)
        self.read += 1
        for found in meaning_findings(self._model, [TextSegment(self._location, value)]):
            seen = self.found.setdefault(found.category, ProseCategory(found))
            seen.values += 1

    def summary(self, category: Category) -> tuple[str, Confidence]:
        """The snippet and confidence of the column's finding for `category`."""
        seen = self.found[category]
        counted = f"{seen.values:,} of {self.read:,} values the model read"
        return f"{seen.example.snippet} ({counted})", seen.example.confidence
