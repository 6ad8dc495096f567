"""One streamed pass over a mailout's ledger: reach by domain, delivery over time, faults."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mailbrake.models import DeliveryState as D
from mailbrake.pipeline.report.redact import redact_text
from mailbrake.store import Store
from mailbrake.store.ledger import LedgerEntry

BUCKETS = 60
REACHED = (D.SENT, D.UNCERTAIN)
FAULTY = (D.FAILED, D.DEFERRED, D.UNCERTAIN)


@dataclass
class Fault:
    """Recipients who share one kind of failure: an SMTP reply, or a worker that was lost."""

    state: str
    code: int | None
    reply: str
    worker: str
    count: int
    first_at: datetime | None


@dataclass
class LedgerFacts:
    first_sent: datetime | None
    last_sent: datetime | None
    bucket_seconds: float
    canary: list[int]
    rest: list[int]
    reached: int = 0
    last_settled: datetime | None = None
    external_by_domain: Counter[str] = field(default_factory=Counter)
    faults: dict[tuple[str, int | None, str], Fault] = field(default_factory=dict)

    def add(self, entry: LedgerEntry, internal: list[str]) -> None:
        if entry.state in REACHED:
            self.reached += 1
            domain = entry.email.rpartition("@")[2].lower()
            if not is_internal(domain, internal):
                self.external_by_domain[domain] += 1
        settled = entry.sent_at or entry.updated_at
        if entry.state in (D.SENT, D.FAILED, D.UNCERTAIN) and settled is not None:
            self.last_settled = max(self.last_settled or settled, settled)
        if entry.state is D.SENT and entry.sent_at is not None:
            self._count(entry.sent_at, entry.wave)
        if entry.state in FAULTY:
            self._fault(entry)

    def _count(self, at: datetime, wave: int) -> None:
        if self.first_sent is None:
            return
        index = int((at - self.first_sent).total_seconds() // self.bucket_seconds)
        index = min(max(index, 0), len(self.canary) - 1)
        (self.canary if wave == 0 else self.rest)[index] += 1

    def _fault(self, entry: LedgerEntry) -> None:
        # A lost worker is one fault whatever the replies were; SMTP faults group by reply code.
        worker = (entry.worker_id or "") if entry.state is D.UNCERTAIN else ""
        key = (str(entry.state), entry.smtp_code, worker)
        known = self.faults.get(key)
        at = entry.updated_at or entry.sent_at
        if known is None:
            reply = redact_text(entry.smtp_reply or "")[:200]
            self.faults[key] = Fault(str(entry.state), entry.smtp_code, reply, worker, 1, at)
            return
        known.count += 1
        if at is not None and (known.first_at is None or at < known.first_at):
            known.first_at = at

    def chart(self) -> dict[str, Any]:
        return {
            "start": self.first_sent,
            "end": self.last_sent,
            "bucket_seconds": self.bucket_seconds,
            "canary": list(self.canary),
            "rest": list(self.rest),
            "marks": [],
        }


def is_internal(domain: str, internal: list[str]) -> bool:
    return any(domain == d or domain.endswith(f".{d}") for d in internal)


def read_ledger(store: Store, mailout_id: int, internal_domains: list[str]) -> LedgerFacts:
    """Everything the report needs from the ledger, in one pass whatever its size."""
    first, last = store.sent_bounds(mailout_id)
    span = (last - first).total_seconds() if first and last else 0.0
    width = max(span / BUCKETS, 1.0)
    buckets = int(span // width) + 1 if first else 0
    facts = LedgerFacts(first, last, width, [0] * buckets, [0] * buckets)
    internal = [d.lower() for d in internal_domains]
    for entry in store.iter_ledger(mailout_id):
        facts.add(entry, internal)
    return facts


def bucket_start(facts: dict[str, Any], index: int) -> datetime | None:
    start = facts.get("start")
    if not isinstance(start, datetime):
        return None
    return start + timedelta(seconds=index * float(facts["bucket_seconds"]))
