"""Prometheus metrics for /metrics: counters kept by the web process, gauges read at scrape."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from mailbrake.models import DeliveryState, MailoutState

if TYPE_CHECKING:
    from prometheus_client.core import Metric

    from mailbrake.store import Store

RATE_WINDOW = 60.0
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class _LedgerCollector(Collector):
    """Read from the database at each scrape: the ledger is the truth, not this process."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def collect(self) -> Iterator[Metric]:
        totals = self._store.delivery_totals()
        outcome = GaugeMetricFamily(
            "mailbrake_messages", "Ledger rows by delivery state.", labels=["outcome"]
        )
        for state, count in totals.items():
            outcome.add_metric([str(state)], count)
        yield outcome
        queued = totals[DeliveryState.QUEUED] + totals[DeliveryState.DEFERRED]
        yield GaugeMetricFamily(
            "mailbrake_queue_depth", "Messages waiting to be sent (queued or deferred).", queued
        )
        since = self._store.clock.now() - timedelta(seconds=RATE_WINDOW)
        sending = self._store.mailout_ids_by_state()[MailoutState.SENDING]
        sent = sum(self._store.sent_since(mailout_id, since) for mailout_id in sending)
        yield GaugeMetricFamily(
            "mailbrake_send_rate_per_second", "Messages sent per second, last minute.",
            sent / RATE_WINDOW,
        )  # fmt: skip


class Metrics:
    """One registry per app (no process-wide globals), so tests can build many apps."""

    def __init__(self, store: Store) -> None:
        self.registry = CollectorRegistry()
        self.stop_seconds = Histogram(
            "mailbrake_stop_seconds", "From a stop request until nothing new can start.",
            buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10), registry=self.registry,
        )  # fmt: skip
        self.check_seconds = Histogram(
            "mailbrake_check_seconds", "How long a content and audience check took.",
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30), registry=self.registry,
        )  # fmt: skip
        self.findings = Counter(
            "mailbrake_findings", "Findings of checks run here, by category.",
            ["category"], registry=self.registry,
        )  # fmt: skip
        self.registry.register(_LedgerCollector(store))

    def render(self) -> bytes:
        return generate_latest(self.registry)
