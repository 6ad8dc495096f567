"""A mailout's delivery counts as the dashboard shows them (and its JSON poll returns)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mailbrake.models import Mailout
from mailbrake.pipeline.status import delivery_status
from mailbrake.store import Store


@dataclass(frozen=True, slots=True)
class Progress:
    id: int
    mailout: Mailout
    state: str
    total: int
    sent: int
    in_flight: int
    halted: int
    failed: int
    queued: int
    uncertain: int

    @property
    def content(self) -> Any:
        return self.mailout.content

    def as_json(self) -> dict[str, Any]:
        keys = ("id", "state", "total", "sent", "in_flight", "halted", "failed", "queued")
        return {key: getattr(self, key) for key in (*keys, "uncertain")}


def progress_of(store: Store, mailout: Mailout) -> Progress:
    status = delivery_status(store, mailout.id)
    counts = status.counts
    return Progress(
        id=mailout.id,
        mailout=mailout,
        state=str(status.state),
        total=status.total,
        sent=counts.sent,
        in_flight=counts.claimed,
        halted=counts.halted,
        failed=counts.failed,
        queued=counts.queued + counts.deferred,
        uncertain=counts.uncertain,
    )
