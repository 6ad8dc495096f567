"""Import a generated CSV with `mailbrake lists import`, next to a raw csv+sqlite3 baseline.

    .venv/bin/python bench/import_speed.py [--rows 1000000] [--db sqlite|postgres]

Prints seconds, rows/s, the ratio to the baseline, and the importer's RSS sampled every
0.25 s (start, peak, end), so a flat memory profile is visible rather than assumed.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_csv import write_csv

PG_URL = os.environ.get("MAILBRAKE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def baseline(csv_path: Path, db_path: Path) -> tuple[float, float]:
    """The floor: parse the CSV and insert the rows into a bare indexed table, no checks.
    Returns (wall seconds, CPU seconds)."""
    start, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE s (email TEXT UNIQUE, name TEXT, attrs TEXT)")
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = csv.reader(handle)
        next(rows)
        batch: list[tuple[str, str, str]] = []
        for row in rows:
            batch.append((row[0], row[1], row[2]))
            if len(batch) == 5000:
                conn.executemany("INSERT INTO s VALUES (?, ?, ?)", batch)
                batch = []
        conn.executemany("INSERT INTO s VALUES (?, ?, ?)", batch)
    conn.commit()
    conn.close()
    return time.perf_counter() - start, time.process_time() - cpu


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(args: list[str], env: dict[str, str]) -> tuple[float, float, list[float]]:
    """Run one mailbrake command; returns (wall seconds, CPU seconds, RSS samples in MB)."""
    start, cpu = time.perf_counter(), child_cpu()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mailbrake", *args], env=env, stdout=subprocess.DEVNULL
    )
    samples: list[float] = []
    while proc.poll() is None:
        samples.append(rss_mb(proc.pid))
        time.sleep(0.25)  # the sampling interval of a measurement, not synchronisation
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"mailbrake {' '.join(args)} failed with {proc.returncode}")
    return elapsed, child_cpu() - cpu, [s for s in samples if s > 0]


def database_url(kind: str, workdir: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.db'}"
    import sqlalchemy as sa

    name = f"mb_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(
        PG_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return f"{PG_URL.rsplit('/', 1)[0]}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        csv_path = workdir / "people.csv"
        write_csv(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 1e6
        base, base_cpu = baseline(csv_path, workdir / "baseline.db")
        env = {
            **os.environ,
            "MAILBRAKE_DATABASE_URL": database_url(args.db, workdir),
            "MAILBRAKE_SECRET_KEY": "bench-secret-0123456789",
            "MAILBRAKE_USER": "bench@example.org",
        }
        for command in (
            ["users", "add", "bench@example.org", "--name", "Bench", "--role", "admin"],
            ["lists", "create", "big"],
        ):
            subprocess.run(
                [sys.executable, "-m", "mailbrake", *command],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        seconds, cpu, rss = run_cli(["lists", "import", "big", str(csv_path)], env)
    print(f"rows: {args.rows:,} ({size_mb:.0f} MB CSV), database: {args.db}")
    print(f"baseline csv+sqlite3, no checks: {base:6.1f} s wall, {base_cpu:6.1f} s CPU")
    print(
        f"mailbrake lists import:          {seconds:6.1f} s wall, {cpu:6.1f} s CPU "
        f"({args.rows / seconds:,.0f} rows/s)"
    )
    print(f"ratio to baseline: {seconds / base:.2f}x the wall time, {cpu / base_cpu:.2f}x the CPU")
    if rss:
        steady = sorted(rss[len(rss) // 10 :]) or rss  # past start-up
        print(
            f"importer RSS MB over {len(rss)} samples, past start-up: low {steady[0]:.0f}, "
            f"median {steady[len(steady) // 2]:.0f}, peak {max(rss):.0f}, end {rss[-1]:.0f}"
        )


if __name__ == "__main__":
    main()
