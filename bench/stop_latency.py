"""Emergency-stop latency: 4 workers sending on PostgreSQL, stops at random moments.

    .venv/bin/python bench/stop_latency.py [--stops 20] [--workers 4] [--db postgres|sqlite]

For each stop: a fresh mailout starts, the workers (long-running `mailbrake worker`
processes) send it into the test suite's aiosmtpd sink, and after a random number of
messages `stop_mailouts` runs as `mailbrake stop` runs it (settle=False: it returns once
every worker's brake is on; the unsent rows are halted right after, timed separately).
Reported: p50/p99 of the time until it returned, how long the bookkeeping took after it,
and how many SMTP transactions (MAIL FROM in the sink's log) began after it returned. The
baseline in the same run: the time of one plain UPDATE+COMMIT of the mailout row (the floor
for any database-mediated stop).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fixtures.smtp_sink import SmtpSink

from mailbrake.pipeline.deliver import DeliveryOptions, start_sending
from mailbrake.pipeline.stop import await_in_flight, settle_stop, stop_mailouts
from mailbrake.store import Store
from throughput import database, fill_list, open_store, scheduled_mailout, start_workers, worker_env


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def commit_floor(store: Store, mailout_id: int) -> float:
    """Milliseconds for one trivial write transaction on the same database."""
    started = time.perf_counter()
    store.mailout_states([mailout_id])
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE delivery_control SET id = id WHERE id = 1")
    return (time.perf_counter() - started) * 1000


def paused_mailout(store: Store, list_id: int) -> int:
    """A started mailout, paused: the workers leave it alone until it is resumed."""
    mailout_id = scheduled_mailout(store, list_id)
    start_sending(store, mailout_id, DeliveryOptions())
    store.pause(mailout_id, "waiting for its turn in the benchmark")
    return mailout_id


def one_stop(
    store: Store, sink: SmtpSink, mailout_id: int, rng: random.Random
) -> tuple[float, float, float, int]:
    """(ms until every worker's brake was on, ms until stop returned, ms of the bookkeeping
    after it, transactions begun after it returned) for one mailout."""
    sink.reset()
    store.resume(mailout_id)
    sink.wait_for(rng.randint(20, 800), timeout=60)
    report = stop_mailouts(store, [mailout_id], ack_timeout=5, settle=False)
    mark = sink.mark()
    began = time.perf_counter()
    settle_stop(store, [item.mailout_id for item in report.stopped])
    settle_ms = (time.perf_counter() - began) * 1000
    if report.unacknowledged:
        print(f"  unacknowledged: {report.unacknowledged}")
    for item in report.stopped:
        await_in_flight(store, item.mailout_id, item.in_flight, timeout=10)
    late = len(sink.transactions_after(mark))
    return report.ack_ms, report.elapsed_ms, settle_ms, late


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--switch-interval",
        type=float,
        default=0.0005,
        help="GIL switch interval (s) of this process, which also runs the sink's thread",
    )
    args = parser.parse_args()
    # The sink's thread would otherwise hold the GIL for up to 5 ms each time the stopper
    # comes back from a database round trip: latency that a `mailbrake stop` process,
    # which runs no sink, never sees.
    sys.setswitchinterval(args.switch_interval)
    rng = random.Random(args.seed)
    sink = SmtpSink()
    with database(args.db) as url:
        store = open_store(url)
        list_id = fill_list(store, args.recipients)
        mailouts = [paused_mailout(store, list_id) for _ in range(args.stops)]
        env = worker_env(url, sink.port, 4)
        procs = start_workers(env, args.workers)
        try:
            floors = [commit_floor(store, 0) for _ in range(20)]
            results = [one_stop(store, sink, m, rng) for m in mailouts]
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait()
            store.close()
            sink.stop()
    acks = [r[0] for r in results]
    latencies = [r[1] for r in results]
    settles = [r[2] for r in results]
    late = sum(r[3] for r in results)
    floor = statistics.median(floors)
    print(f"{args.stops} stops, {args.workers} workers, db {args.db}, "
          f"switch interval {args.switch_interval * 1000:g} ms")  # fmt: skip
    print(f"baseline: one UPDATE+COMMIT          p50 {floor:7.1f} ms")
    figures = (
        ("every worker's brake on", acks),
        ("stop returned", latencies),
        ("halting the unsent rows, after", settles),
    )
    for name, values in figures:
        p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
        print(f"{name:35s} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   (p50 x{p50 / floor:.1f})")
    print(f"SMTP transactions begun after stop returned: {late}")


if __name__ == "__main__":
    main()
