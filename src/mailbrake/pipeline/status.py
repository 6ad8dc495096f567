"""Where a mailout stands: its state, ledger counts, waves and rate, as one typed value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mailbrake.models import DeliveryState, MailoutState
from mailbrake.store import Store

RATE_WINDOW = 60.0


@dataclass(frozen=True, slots=True)
class DeliveryCounts:
    """How many ledger rows are in each delivery state."""

    queued: int = 0
    claimed: int = 0
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    halted: int = 0
    uncertain: int = 0

    @classmethod
    def of(cls, counts: dict[DeliveryState, int]) -> DeliveryCounts:
        return cls(**{str(state): counts.get(state, 0) for state in DeliveryState})

    def __getitem__(self, state: DeliveryState) -> int:
        value: int = getattr(self, str(state))
        return value

    def as_dict(self) -> dict[str, int]:
        """In DeliveryState order, as `status --format json` has always shown them."""
        return {str(state): self[state] for state in DeliveryState}


@dataclass(frozen=True, slots=True)
class WaveProgress:
    current: int  # 1-based
    count: int


@dataclass(frozen=True, slots=True)
class DeliveryStatus:
    """One mailout's delivery as a front door shows it.

    total: the run's recipients once it started; before that, the list's active members
    (who would get it if it were sent now). started: whether a delivery run exists.
    """

    mailout_id: int
    state: MailoutState
    list_name: str
    paused_reason: str
    total: int
    started: bool
    counts: DeliveryCounts
    rate_per_second: float
    started_at: datetime | None = None
    finished_at: datetime | None = None
    wave: WaveProgress | None = None
    auto_resume_at: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        """The shape of `mailbrake status --format json` (and of the API)."""
        data: dict[str, Any] = {
            "mailout": self.mailout_id,
            "state": str(self.state),
            "paused_reason": self.paused_reason,
            "list": self.list_name,
            "total": self.total,
            "counts": self.counts.as_dict(),
            "rate_per_second": self.rate_per_second,
            "started_at": _iso(self.started_at),
            "finished_at": _iso(self.finished_at),
            "wave": None,
        }
        if self.started:
            wave = self.wave
            data["wave"] = {"current": wave.current, "count": wave.count} if wave else None
            data["auto_resume_at"] = _iso(self.auto_resume_at)
        return data


def delivery_status(store: Store, mailout_id: int) -> DeliveryStatus:
    """State, counts by ledger state, rate, start/finish and why it is paused."""
    mailout = store.get_mailout(mailout_id)
    run = store.find_run(mailout_id)
    since = store.clock.now() - timedelta(seconds=RATE_WINDOW)
    started_at, finished_at = store.mailout_times(mailout_id)
    total = run.total if run is not None else store.count_recipients(mailout.list_id)
    return DeliveryStatus(
        mailout_id=mailout_id,
        state=mailout.state,
        list_name=mailout.list_name,
        paused_reason=mailout.paused_reason,
        total=total,
        started=run is not None,
        counts=DeliveryCounts.of(store.delivery_counts(mailout_id)),
        rate_per_second=round(store.sent_since(mailout_id, since) / RATE_WINDOW, 2),
        started_at=started_at,
        finished_at=finished_at,
        wave=WaveProgress(run.current_wave + 1, run.wave_count) if run is not None else None,
        auto_resume_at=run.auto_resume_at if run is not None else None,
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
