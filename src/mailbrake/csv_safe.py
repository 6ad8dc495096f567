"""CSV the product writes: cells a spreadsheet would run as a formula are defused as text."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

# What Excel, LibreOffice and Google Sheets treat as the start of a formula (OWASP's list).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A text cell that starts like a formula gets a leading apostrophe; other values pass.

    Numbers stay numbers (a negative smtp_code is not an attack), so only `str` is touched.
    """
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return f"'{value}"
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in values]


class SafeWriter:
    """csv.writer with every cell passed through safe_cell: the one way mailbrake writes CSV."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, values: Iterable[object]) -> None:
        self._writer.writerow(safe_row(values))
