"""Reading the ledger: the per-recipient rows as table/csv/json, and one row in a sentence."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any, TextIO

from mailbrake.csv_safe import SafeWriter
from mailbrake.models import DeliveryState
from mailbrake.store.ledger import LedgerEntry
from mailbrake.visible import visible

COLUMNS = (
    "email",
    "state",
    "attempts",
    "smtp_code",
    "smtp_reply",
    "message_id",
    "sent_at",
    "updated_at",
    "wave",
    "first_attempt_at",
    "resends",
)


def entry_row(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "email": entry.email,
        "state": str(entry.state),
        "attempts": entry.attempts,
        "smtp_code": entry.smtp_code,
        "smtp_reply": entry.smtp_reply,
        "message_id": entry.message_id,
        "sent_at": _iso(entry.sent_at),
        "updated_at": _iso(entry.updated_at),
        "wave": entry.wave + 1,
        "first_attempt_at": _iso(entry.first_attempt_at),
        "resends": entry.resends,
    }


def write_csv(entries: Iterable[LedgerEntry], out: TextIO) -> int:
    writer = SafeWriter(out)
    writer.writerow(COLUMNS)
    return _write_rows(entries, writer)


def csv_chunks(entries: Iterable[LedgerEntry], rows: int = 2_000) -> Iterator[str]:
    """`write_csv`'s text in pieces of `rows` rows, for a streamed response: a million-row
    ledger never sits in memory as one string."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(COLUMNS)
    left = iter(entries)
    while True:
        written = _write_rows(islice(left, rows), writer)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        if written < rows:
            return


def _write_rows(entries: Iterable[LedgerEntry], writer: SafeWriter) -> int:
    written = 0
    for entry in entries:
        row = entry_row(entry)
        writer.writerow(row[column] for column in COLUMNS)
        written += 1
    return written


def write_json(entries: Iterable[LedgerEntry], out: TextIO) -> int:
    """One JSON array, written row by row so a million rows never sit in memory."""
    out.write("[")
    written = 0
    for entry in entries:
        out.write(("\n" if written == 0 else ",\n") + json.dumps(entry_row(entry)))
        written += 1
    out.write("\n]\n" if written else "]\n")
    return written


def write_table(entries: Iterable[LedgerEntry], out: TextIO) -> int:
    """Aligned text columns, streamed: widths are fixed rather than measured over all rows."""
    line = "{:<40} {:<9} {:>4} {:<22} {:<24} {}\n"
    out.write(line.format("EMAIL", "STATE", "CODE", "SENT AT", "MESSAGE-ID", "REPLY"))
    written = 0
    for entry in entries:
        sent = entry.sent_at.strftime("%Y-%m-%d %H:%M:%S") if entry.sent_at else ""
        code = "" if entry.smtp_code is None else str(entry.smtp_code)
        reply = (entry.smtp_reply or "").replace("\n", " ")[:80]
        row = line.format(entry.email, str(entry.state), code, sent, entry.message_id or "", reply)
        out.write(visible(row.rstrip("\n")) + "\n")
        written += 1
    return written


Writer = Callable[[Iterable[LedgerEntry], TextIO], int]
WRITERS: dict[str, Writer] = {"csv": write_csv, "json": write_json, "table": write_table}


def describe_entry(entry: LedgerEntry) -> str:
    """The answer to "did this person get it?" in one or two sentences."""
    what = {
        DeliveryState.SENT: "was accepted by the relay",
        DeliveryState.FAILED: "was refused",
        DeliveryState.DEFERRED: "was deferred and will be retried",
        DeliveryState.HALTED: "was never sent (the mailout was stopped)",
        DeliveryState.UNCERTAIN: "may or may not have reached the relay (uncertain)",
        DeliveryState.QUEUED: "is queued and not sent yet",
        DeliveryState.CLAIMED: "is being sent right now",
    }[entry.state]
    parts = [f"{entry.email}: the message {what}"]
    if entry.sent_at:
        parts.append(f"at {entry.sent_at.isoformat(timespec='seconds')}")
    if entry.message_id:
        parts.append(f"with Message-ID {entry.message_id}")
    if entry.smtp_code is not None:
        parts.append(f"(reply: {entry.smtp_code} {entry.smtp_reply or ''})".replace(" )", ")"))
    return " ".join(parts) + "."


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
