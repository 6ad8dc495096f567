"""Streamed CSV import of subscribers: header mapping, sniffed delimiter, per-line problems."""

from __future__ import annotations

import codecs
import csv
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from mailbrake.addresses import AddressError, normalise_address
from mailbrake.errors import InputError, InputProblem
from mailbrake.models import NewSubscriber
from mailbrake.store import Store

BATCH = 5_000
SNIFF_BYTES = 64 * 1024
KEPT_PROBLEMS = 1_000
EMAIL_HEADERS = ("email", "e-mail", "email_address", "mail")
CONTROL_NAMES = {"\n": "a line break (LF)", "\r": "a line break (CR)", "\x00": "a NUL byte"}


@dataclass
class ImportReport:
    list_name: str
    rows: int = 0
    valid: int = 0
    joined: int = 0
    duplicates: int = 0
    bad: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    committed: bool = False

    @property
    def imported(self) -> int:
        """Rows kept (a repeated address counts once per row); 0 unless committed."""
        return self.valid if self.committed else 0

    def note(self, problem: InputProblem) -> None:
        self.bad += 1
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(problem)


@dataclass(frozen=True, slots=True)
class Columns:
    email: int
    name: int | None
    first: int | None
    last: int | None
    extra: tuple[tuple[int, str], ...]


def _key(header: str) -> str:
    return header.strip().lower().replace(" ", "_")


def control_character(value: str) -> str:
    """'' if the text is clean, else what its first control character is, in words.

    Tab is allowed (it is whitespace); CR/LF, NUL and the other C0/C1 controls would break
    the headers every message to this person is built with, so the row is refused instead.
    """
    for char in value:
        if char != "\t" and unicodedata.category(char) == "Cc":
            return CONTROL_NAMES.get(char, f"the control character U+{ord(char):04X}")
    return ""


def map_header(header: list[str], where: str) -> Columns:
    bad = next(((h, c) for h in header if (c := control_character(h))), None)
    if bad is not None:
        raise InputError([InputProblem(where, f"the header {bad[0]!r} contains {bad[1]}")])
    keys = [_key(h) for h in header]
    email = next((keys.index(k) for k in EMAIL_HEADERS if k in keys), None)
    if email is None:
        found = ", ".join(repr(h) for h in header) or "nothing"
        raise InputError(
            [InputProblem(where, f"the header row has no 'email' column (found {found})")],
            hint="The first row must name the columns, one of them 'email'.",
        )
    named = {"name", "first_name", "last_name"}

    def pick(name: str) -> int | None:
        return keys.index(name) if name in keys else None

    extra = tuple((i, k) for i, k in enumerate(keys) if i != email and k and k not in named)
    return Columns(email, pick("name"), pick("first_name"), pick("last_name"), extra)


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def to_subscriber(row: list[str], cols: Columns) -> NewSubscriber:
    name = _cell(row, cols.name) or " ".join(
        p for p in (_cell(row, cols.first), _cell(row, cols.last)) if p
    )
    attributes = {k: v for i, k in cols.extra if (v := _cell(row, i))}
    if cols.first is not None and (first := _cell(row, cols.first)):
        attributes["first_name"] = first
    if cols.last is not None and (last := _cell(row, cols.last)):
        attributes["last_name"] = last
    return NewSubscriber(normalise_address(row[cols.email]), name, attributes)


def open_csv(path: Path, encoding: str | None) -> TextIO:
    if not path.is_file():
        reason = "is not a regular file" if path.exists() else "no such file"
        raise InputError([InputProblem(str(path), reason)])
    chosen = encoding or "utf-8-sig"
    try:
        codecs.lookup(chosen)
    except LookupError:
        raise InputError([InputProblem("--encoding", f"unknown encoding {chosen!r}")]) from None
    return path.open(encoding=chosen, newline="")


def sniff_dialect(handle: TextIO) -> type[csv.Dialect] | csv.Dialect:
    sample = handle.read(SNIFF_BYTES)
    handle.seek(0)
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 20)[0] + "\n", delimiters=",;\t|")
    except csv.Error:
        return csv.excel
    # A header with no quotes tells the sniffer nothing of how quotes are escaped, and it then
    # says "not doubled": a cell written as "say ""hi""" (RFC 4180, as spreadsheets write it)
    # ended at the doubled quote, and a line break after it split the row in two.
    if not dialect.escapechar:
        dialect.doublequote = True
    return dialect


def read_rows(path: Path, encoding: str | None) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, cells) for each data row; the header row is yielded first.

    The line is where the row starts: a quoted cell can span several lines.
    """
    with open_csv(path, encoding) as handle:
        try:
            reader = csv.reader(handle, sniff_dialect(handle), strict=True)
            start = 1
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise InputError(
                [
                    InputProblem(
                        f"{path}", f"is not valid {encoding or 'UTF-8'} text ({exc.reason})"
                    )
                ],
                hint="Give the file's encoding with --encoding, e.g. --encoding latin-1.",
            ) from None
        except csv.Error as exc:
            raise InputError([InputProblem(f"{path}:{reader.line_num}", str(exc))]) from None


def import_csv(
    store: Store,
    list_name: str,
    path: Path,
    *,
    encoding: str | None = None,
    strict: bool = False,
    actor: str = "system",
) -> ImportReport:
    """Import a CSV into a list in one transaction; nothing is kept if the file is unreadable,
    or, with strict, if any row is bad."""
    target = store.get_list(list_name)
    report = ImportReport(list_name)
    rows = read_rows(path, encoding)
    first = next(rows, None)
    if first is None:
        raise InputError([InputProblem(str(path), "the file is empty")])
    cols = map_header(first[1], f"{path}:{first[0]}")
    with store.bulk_import(target.id) as bulk:
        batch: dict[str, NewSubscriber] = {}
        for line, cells in rows:
            if not any(c.strip() for c in cells):
                continue
            report.rows += 1
            item = _parse(cells, first[1], cols, f"{path}:{line}", report)
            if item is None:
                continue
            _merge_into(batch, item, report)
            if len(batch) >= BATCH:
                report.joined += bulk.add(list(batch.values()))
                batch.clear()
        report.joined += bulk.add(list(batch.values()))
        if strict and report.bad:
            bulk.cancel()
            return report
        report.committed = True
    details = {"file": path.name, "rows": report.rows, "joined": report.joined, "bad": report.bad}
    store.record_event(actor, "list.imported", "list", target.id, details)
    return report


def _parse(
    cells: list[str], header: list[str], cols: Columns, where: str, report: ImportReport
) -> NewSubscriber | None:
    if len(cells) != len(header):
        report.note(InputProblem(where, f"has {len(cells)} fields, the header has {len(header)}"))
        return None
    for column, cell in zip(header, cells, strict=True):
        if what := control_character(cell):
            shown = repr(cell if len(cell) <= 60 else f"{cell[:60]}...")
            report.note(InputProblem(where, f"{shown} contains {what}", field=column.strip()))
            return None
    try:
        return to_subscriber(cells, cols)
    except AddressError as exc:
        shown = cells[cols.email].strip() or "(empty)"
        report.note(InputProblem(where, f"{shown!r}: {exc}", field="email"))
        return None


def _merge_into(batch: dict[str, NewSubscriber], item: NewSubscriber, report: ImportReport) -> None:
    """A repeated address is one subscriber; later non-empty values win."""
    report.valid += 1
    old = batch.get(item.email)
    if old is None:
        batch[item.email] = item
        return
    report.duplicates += 1
    batch[item.email] = NewSubscriber(
        item.email, item.name or old.name, {**old.attributes, **item.attributes}
    )
