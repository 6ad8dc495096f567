"""Scale: a 1,000,000-recipient mailout: enqueue time, worker memory over time, ledger export.

    .venv/bin/python bench/scale.py [--recipients 1000000] [--seconds 40] [--db sqlite|postgres]

Fills a list (bulk insert, not measured), times `start_sending` (the set-based enqueue),
streams `mailbrake ledger ID --format csv` to /dev/null (peak RSS of that process), then
runs 2 workers into Postfix's smtp-sink for --seconds while sampling each worker's RSS, and
ends with an emergency stop of the ~1M-row mailout (time until it returned). Baselines in
the same run: the time to copy the list's (subscriber id, email) pairs into a plain table
with no index (the floor for any enqueue), and a bare Python interpreter's RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from mailbrake.models import DeliveryState
from mailbrake.pipeline.deliver import DeliveryOptions, start_sending
from mailbrake.pipeline.stop import stop_mailouts
from mailbrake.store import Store
from smtp_raw import postfix_sink
from throughput import database, fill_list, open_store, scheduled_mailout, start_workers, worker_env


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def copy_floor(store: Store, list_id: int) -> float:
    """Seconds to copy the pairs into an unindexed table: what any enqueue must at least do."""
    started = time.perf_counter()
    with store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE copy_floor (sid INTEGER, email TEXT)")
        conn.exec_driver_sql(
            "INSERT INTO copy_floor SELECT s.id, s.email FROM subscribers s "
            f"JOIN list_members m ON m.subscriber_id = s.id WHERE m.list_id = {list_id}"
        )
    elapsed = time.perf_counter() - started
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE copy_floor")
    return elapsed


def export_rss(env: dict[str, str], mailout_id: int) -> tuple[float, float]:
    """(seconds, peak RSS MB) of streaming the whole ledger as CSV."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "mailbrake", "ledger", str(mailout_id), "--format", "csv"]
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return time.perf_counter() - started, peak_kb / 1024


def bare_python_rss() -> float:
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def sample_workers(procs: list[subprocess.Popen[bytes]], seconds: float) -> list[list[float]]:
    samples: list[list[float]] = [[] for _ in procs]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and all(p.poll() is None for p in procs):
        for index, proc in enumerate(procs):
            samples[index].append(rss_mb(proc.pid))
        time.sleep(1.0)  # a sampling interval, not synchronisation
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    python_rss = bare_python_rss()
    with postfix_sink() as peer, database(args.db) as url:
        store = open_store(url)
        started = time.perf_counter()
        list_id = fill_list(store, args.recipients)
        print(f"filled a list of {args.recipients:,} in {time.perf_counter() - started:.1f} s")
        floor = copy_floor(store, list_id)
        mailout_id = scheduled_mailout(store, list_id)
        started = time.perf_counter()
        run = start_sending(store, mailout_id, DeliveryOptions())
        enqueue = time.perf_counter() - started
        env = worker_env(url, peer.port, 8)
        export_s, export_peak = export_rss(env, mailout_id)
        procs = start_workers(env, 2, "--mailout", str(mailout_id), "--batch", "500")
        samples = sample_workers(procs, args.seconds)
        peaks = [rss_mb(p.pid, "VmHWM") for p in procs]
        report = stop_mailouts(store, [mailout_id], ack_timeout=10)
        for proc in procs:
            proc.wait()
        sent = store.delivery_counts(mailout_id)[DeliveryState.SENT]
        with store.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT count(*) FROM deliveries")).scalar_one()
        store.close()
    print(f"db {args.db}: {run.total:,} recipients, {rows:,} ledger rows")
    print(f"enqueue (start_sending, one transaction)  {enqueue:6.2f} s   "
          f"(baseline: plain copy {floor:.2f} s, x{enqueue / floor:.1f})")  # fmt: skip
    print(f"ledger export, CSV streamed               {export_s:6.2f} s   "
          f"peak RSS {export_peak:.0f} MB (bare python {python_rss:.0f} MB)")  # fmt: skip
    for index, series in enumerate(samples):
        if not series:
            continue
        quarter = series[len(series) // 4]
        print(f"worker {index + 1} RSS MB: first {series[0]:.0f}, 25% {quarter:.0f}, "
              f"last {series[-1]:.0f}, peak (VmHWM) {peaks[index]:.0f}")  # fmt: skip
    print(f"sent in {args.seconds:.0f} s by 2 workers: {sent:,}; then stop of the mailout "
          f"returned in {report.elapsed_ms:.0f} ms (brake on in {report.ack_ms:.0f} ms, "
          f"{report.stopped[0].halted:,} halted)")  # fmt: skip
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
