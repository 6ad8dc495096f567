"""A mailout's delivery counts as the dashboard shows them (and its JSON poll returns)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mailbrake.models import DeliveryState as D
from mailbrake.models import Mailout
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
    counts = store.delivery_counts(mailout.id)
    run = store.find_run(mailout.id)
    return Progress(
        id=mailout.id,
        mailout=mailout,
        state=str(mailout.state),
        total=run.total if run else 0,
        sent=counts[D.SENT],
        in_flight=counts[D.CLAIMED],
        halted=counts[D.HALTED],
        failed=counts[D.FAILED],
        queued=counts[D.QUEUED] + counts[D.DEFERRED],
        uncertain=counts[D.UNCERTAIN],
    )
