"""Every recipient of an incident's mailout as CSV: ledger state, correction, confirmation."""

from __future__ import annotations

import csv
from typing import TextIO

from mailbrake.settings import Settings
from mailbrake.store import Store
from mailbrake.store.incidents import Incident

COLUMNS = (
    "email",
    "state",
    "received",
    "external",
    "named_in_content",
    "wave",
    "sent_at",
    "smtp_code",
    "smtp_reply",
    "message_id",
    "correction_state",
    "deletion_confirmed_at",
)
RECEIVED = {"sent": "yes", "uncertain": "maybe"}


def write_recipients(store: Store, settings: Settings, incident: Incident, out: TextIO) -> int:
    """Stream the rows (never all in memory); returns how many were written.

    This file holds the recipients' addresses in full: it is for the people handling the
    incident, unlike the HTML report, which redacts them.
    """
    check = store.latest_check(incident.mailout_id)
    named = {e.lower() for e in (check.audience.named_recipients if check else ())}
    internal = [d.lower() for d in settings.internal_domains]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    written = 0
    for row in store.iter_response(incident):
        domain = row.email.rpartition("@")[2].lower()
        external = not any(domain == d or domain.endswith(f".{d}") for d in internal)
        writer.writerow(
            (
                _safe(row.email),
                str(row.state),
                RECEIVED.get(str(row.state), "no"),
                "yes" if external else "no",
                "yes" if row.email.lower() in named else "no",
                row.wave,
                row.sent_at.isoformat() if row.sent_at else "",
                row.smtp_code if row.smtp_code is not None else "",
                _safe(row.smtp_reply or ""),
                row.message_id or "",
                str(row.correction_state) if row.correction_state else "",
                row.confirmed_at.isoformat() if row.confirmed_at else "",
            )
        )
        written += 1
    return written


def _safe(value: str) -> str:
    """Defuse spreadsheet formulas: a cell starting with = + - @ is read as text."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value
