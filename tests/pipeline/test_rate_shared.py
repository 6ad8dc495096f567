"""A mailout's rate limit holds across worker processes, while one dies and is replaced."""

from __future__ import annotations

import subprocess

from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_deliver_support import (
    addresses,
    ledger_emails,
    sending_mailout,
    settings_for,
    worker_process,
)

from mailbrake.models import DeliveryState
from mailbrake.store import Store

RATE = 100.0
WINDOW = 2.0


def busiest_window(arrivals: list[float], seconds: float) -> int:
    """The most arrivals within any `seconds`-long window."""
    times = sorted(arrivals)
    most, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= seconds:
            first += 1
        most = max(most, last - first + 1)
    return most


def test_three_workers_and_a_replacement_never_exceed_the_mailouts_rate(
    live_store: Store, smtp_sink: SmtpSink, database_url: str
) -> None:
    mailout_id = sending_mailout(live_store, 700, rate=RATE)
    settings = settings_for(database_url, smtp_sink.url, pool=2)

    def start() -> subprocess.Popen[bytes]:
        args = ("--mailout", str(mailout_id), "--batch", "20", "--lease", "1")
        return worker_process(settings, *args)

    workers = [start() for _ in range(3)]
    smtp_sink.wait_for(150, timeout=60)
    workers[0].kill()
    workers[0].wait()
    workers.append(start())
    for proc in workers[1:]:
        proc.wait(timeout=120)

    arrivals = [m.at for m in smtp_sink.messages]
    busiest = busiest_window(arrivals, WINDOW)
    print(f"\n{live_store.engine.dialect.name}: busiest {WINDOW:g} s: {busiest} (limit {RATE:g}/s)")
    assert busiest <= 1.1 * RATE * WINDOW
    sent = ledger_emails(live_store, mailout_id, DeliveryState.SENT)
    uncertain = ledger_emails(live_store, mailout_id, DeliveryState.UNCERTAIN)
    assert sent | uncertain == set(addresses(700))  # everyone went (or was in flight)
    assert sent <= set(smtp_sink.recipients())
