"""Read what the sink stored: the index (envelopes) and the Maildir (exact bytes)."""

from __future__ import annotations

import json
import mailbox
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from mailbrake.errors import NotFoundError
from mailbrake.sink.store import INDEX_NAME, Arrival, subject_of

SHOW_HINT = "List what arrived with `mailbrake sink list`."


@dataclass(frozen=True, slots=True)
class Listing:
    arrivals: list[Arrival] = field(default_factory=list)
    total: int = 0  # before --limit
    unreadable: int = 0  # index lines that did not parse (skipped)


def list_arrivals(directory: Path, limit: int | None = None) -> Listing:
    """The latest `limit` arrivals (all if None), oldest first."""
    index = directory / INDEX_NAME
    if index.exists():
        arrivals, unreadable = _read_index(index)
    else:
        arrivals, unreadable = _scan_maildir(directory), 0
    shown = arrivals[-limit:] if limit else arrivals
    return Listing(shown, len(arrivals), unreadable)


def find_arrival(directory: Path, ref: str) -> Arrival:
    """By arrival number ("3"), Maildir key, or a unique start of a key."""
    arrivals = list_arrivals(directory).arrivals
    ref = ref.strip()
    if ref.isdigit():
        matches = [a for a in arrivals if a.number == int(ref)]
    else:
        matches = [a for a in arrivals if a.key == ref] or [
            a for a in arrivals if a.key.startswith(ref)
        ]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise NotFoundError("single message whose key starts with", ref, hint="Give more of it.")
    raise NotFoundError(
        "message", ref, hint=f"List what arrived in {directory} with `mailbrake sink list`."
    )


def read_message(directory: Path, arrival: Arrival) -> bytes:
    """The exact bytes the sink received for this arrival."""
    try:
        return mailbox.Maildir(directory, factory=None, create=False).get_bytes(arrival.key)
    except (KeyError, OSError):
        raise NotFoundError(
            f"Maildir file in {directory} for message", arrival.key, hint=SHOW_HINT
        ) from None


def _read_index(index: Path) -> tuple[list[Arrival], int]:
    arrivals: list[Arrival] = []
    unreadable = 0
    with index.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                arrivals.append(Arrival.from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError):
                unreadable += 1
    return arrivals, unreadable


def _scan_maildir(directory: Path) -> list[Arrival]:
    """Without an index (deleted, or a Maildir from elsewhere) only the bytes are known."""
    if not (directory / "new").is_dir() and not (directory / "cur").is_dir():
        return []
    box = mailbox.Maildir(directory, factory=None, create=False)
    arrivals = []
    for number, key in enumerate(sorted(box.keys()), start=1):
        message = box.get_message(key)
        data = box.get_bytes(key)
        mtime = message.get_date()  # the file's modification time
        arrivals.append(
            Arrival(
                number=number,
                key=key,
                received=datetime.fromtimestamp(mtime, UTC),
                mail_from="",
                rcpt_tos=(),
                subject=subject_of(data),
                size=len(data),
            )
        )
    return arrivals
