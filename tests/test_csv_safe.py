"""Every CSV mailbrake writes defuses cells a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from mailbrake.csv_safe import SafeWriter, safe_cell
from mailbrake.models import DeliveryState
from mailbrake.pipeline.ledger_report import csv_chunks, write_csv
from mailbrake.store.ledger import LedgerEntry

ATTACK = "=cmd|'/ccalc'!a0@example.org"


def entry(email: str, reply: str) -> LedgerEntry:
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    return LedgerEntry(1, email, 7, DeliveryState.FAILED, 0, 1, 550, reply, None, at, at, None)


def test_ledger_csv_writes_a_formula_address_and_reply_as_text() -> None:
    out = io.StringIO()

    write_csv([entry(ATTACK, "@SUM(1+1)*cmd|' /C calc'!A0")], out)

    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["email"] == f"'{ATTACK}"
    assert row["smtp_reply"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row["smtp_code"] == "550"
    assert row["state"] == "failed"


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_lead_is_prefixed(lead: str) -> None:
    assert safe_cell(f"{lead}1+1") == f"'{lead}1+1"


def test_plain_text_and_numbers_pass_unchanged() -> None:
    assert safe_cell("ann@example.org") == "ann@example.org"
    assert safe_cell(-5) == -5
    assert safe_cell(None) is None


def test_safe_writer_keeps_rows_parseable() -> None:
    out = io.StringIO()
    SafeWriter(out).writerow(["=1+1", 'a "quoted", cell', 3])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", 'a "quoted", cell', "3"]


@pytest.mark.parametrize("count", [0, 1, 3, 4, 7])
def test_the_streamed_csv_is_the_written_csv_in_pieces(count: int) -> None:
    entries = [entry(f"p{i}@example.org", "=1+1") for i in range(count)]
    whole = io.StringIO()
    write_csv(entries, whole)
    pieces = list(csv_chunks(iter(entries), rows=3))
    assert "".join(pieces) == whole.getvalue()
    assert len(pieces) == count // 3 + 1  # a piece per 3 rows, the header with the first
