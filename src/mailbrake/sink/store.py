"""Where captured mail goes: a Maildir of exact bytes plus an index.jsonl of envelopes."""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any, TextIO

from mailbrake.errors import MailbrakeError

INDEX_NAME = "index.jsonl"


class SinkError(MailbrakeError):
    """The local sink cannot start or cannot store or find a message."""


@dataclass(frozen=True, slots=True)
class Arrival:
    """One stored message as the index records it (the bytes stay in the Maildir)."""

    number: int  # 1, 2, 3... in arrival order
    key: str  # the Maildir key
    received: datetime
    mail_from: str
    rcpt_tos: tuple[str, ...]
    subject: str
    size: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "key": self.key,
            "time": self.received.isoformat(),
            "from": self.mail_from,
            "to": list(self.rcpt_tos),
            "subject": self.subject,
            "size": self.size,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Arrival:
        return cls(
            number=int(data["number"]),
            key=str(data["key"]),
            received=datetime.fromisoformat(str(data["time"])),
            mail_from=str(data["from"]),
            rcpt_tos=tuple(str(r) for r in data["to"]),
            subject=str(data.get("subject", "")),
            size=int(data["size"]),
        )


def subject_of(data: bytes) -> str:
    """The decoded Subject header, or "" when it is missing or unreadable."""
    raw = _header_bytes(data, b"subject")
    if raw is None:
        return ""
    if not raw.isascii():  # raw 8-bit: read it as UTF-8, as most mailers mean it
        return " ".join(raw.decode("utf-8", "replace").split())
    try:
        return " ".join(str(make_header(decode_header(raw.decode("ascii")))).split())
    except (ValueError, LookupError, UnicodeError):  # a broken encoded-word: show it as is
        return " ".join(raw.decode("ascii").split())


def _header_bytes(data: bytes, name: bytes) -> bytes | None:
    """One header's unfolded value, read straight from the bytes (cheaper than a parser)."""
    head = re.split(rb"\r?\n\r?\n", data, maxsplit=1)[0]
    unfolded = re.sub(rb"\r?\n[ \t]", b" ", head)
    for line in unfolded.splitlines():
        field, colon, value = line.partition(b":")
        if colon and field.strip().lower() == name:
            return value.strip()
    return None


class SinkStore:
    """Append-only: every message is written to the Maildir as received, then indexed."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        try:
            # Maildir(create=True) skips its subfolders when the folder already exists.
            for sub in ("tmp", "new", "cur"):
                (directory / sub).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SinkError(
                f"Cannot use {directory} as the sink's Maildir: {exc.strerror or exc}.",
                hint="Pick another folder with --dir or MAILBRAKE_SINK_DIR.",
            ) from None
        self._lock = threading.Lock()
        self._host = socket.gethostname().replace("/", "\\057").replace(":", "\\072")
        self._serial = 0
        self._index = directory / INDEX_NAME
        self._index_file: TextIO | None = None
        self._next = _count_lines(self._index) + 1
        self.stored = 0  # messages stored by this SinkStore

    def add(
        self, mail_from: str, rcpt_tos: Sequence[str], data: bytes, when: datetime | None = None
    ) -> Arrival:
        with self._lock:
            key = self._write(data)
            arrival = Arrival(
                number=self._next,
                key=key,
                received=when or datetime.now(UTC),
                mail_from=mail_from,
                rcpt_tos=tuple(rcpt_tos),
                subject=subject_of(data),
                size=len(data),
            )
            if self._index_file is None:
                self._index_file = self._index.open("a", encoding="utf-8")
            self._index_file.write(json.dumps(arrival.as_dict(), ensure_ascii=False) + "\n")
            self._index_file.flush()  # `mailbrake sink list` in another process sees it now
            self._next += 1
            self.stored += 1
            return arrival

    def close(self) -> None:
        with self._lock:
            if self._index_file is not None:
                self._index_file.close()
                self._index_file = None

    def _write(self, data: bytes) -> str:
        """Deliver to the Maildir as the format says: write into tmp/, rename into new/.

        Unlike mailbox.Maildir.add() there is no fsync per message (30x faster here): this is a
        capture sink for trying things out, and it must not be the bottleneck of a demo.
        """
        self._serial += 1
        now = time.time()
        key = f"{int(now)}.M{int(now % 1 * 1_000_000)}P{os.getpid()}Q{self._serial}.{self._host}"
        temporary = self.directory / "tmp" / key
        with temporary.open("xb") as handle:
            handle.write(data)
        os.rename(temporary, self.directory / "new" / key)
        return key


def _count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        return sum(1 for _ in handle)
