"""End-to-end delivery throughput (ledger + workers + MIME + SMTP) next to a raw SMTP baseline.

    .venv/bin/python bench/throughput.py [--messages 100000] [--workers 2] [--db sqlite|postgres]

Builds a list of N subscribers and a personalised ~3 KB mailout, starts it (enqueue timed),
then runs `mailbrake worker --mailout ID` processes until it is done. The peer is Postfix's
smtp-sink when installed (else a minimal asyncio sink). The baseline, measured in the same
run against the same peer: aiosmtplib with 16 connections and no database (bench/smtp_raw.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from mailbrake.models import MailoutContent, MailoutState
from mailbrake.pipeline.deliver import DeliveryOptions, start_sending
from mailbrake.store import Store
from mailbrake.store.tables import list_members, subscribers
from smtp_raw import SMTP_SINK, make_envelopes, postfix_sink, python_sink, send_aiosmtplib, timed

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-secret-0123456789"
PG_ADMIN = os.environ.get("MAILBRAKE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
PARAGRAPH = (
    "This quarter the facilities team finished moving the print room to the second floor, "
    "and the canteen opens at half past eight from Monday. "
)


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A throwaway SQLite file or PostgreSQL database."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    name = f"mailbrake_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN.replace("postgresql://", "postgresql+psycopg://"),
                             isolation_level="AUTOCOMMIT")  # fmt: skip
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def open_store(url: str) -> Store:
    store = Store.open(url)
    store.set_audit_secret(SECRET.encode())
    return store


def fill_list(store: Store, count: int, name: str = "everyone") -> int:
    """A list of `count` active subscribers, inserted in bulk (setup, not measured)."""
    list_id = store.create_list(name).id
    now = store.clock.now()
    chunk = 50_000
    with store.engine.begin() as conn:
        first = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(subscribers.c.id), 0)))
                    .scalar_one())  # fmt: skip
        for start in range(0, count, chunk):
            ids = range(first + start + 1, first + min(count, start + chunk) + 1)
            conn.execute(subscribers.insert(), [
                {"id": i, "email": f"reader{i}@example.net", "name": f"Reader {i}",
                 "attributes": {"team": f"team {i % 40}"}, "status": "active",
                 "created_at": now, "updated_at": now}
                for i in ids
            ])  # fmt: skip
            conn.execute(list_members.insert(), [
                {"list_id": list_id, "subscriber_id": i, "status": "active", "added_at": now}
                for i in ids
            ])  # fmt: skip
    return list_id


def scheduled_mailout(store: Store, list_id: int, size: int = 3000) -> int:
    body = "Dear {{ name }} ({{ team }}),\n\n" + "\n".join(
        [PARAGRAPH] * max(1, (size - 600) // len(PARAGRAPH))
    )
    content = MailoutContent("News <news@example.org>", "News for {{ name }}", body)
    mailout_id = store.create_mailout(list_id, content, created_by="bench")
    store.change_state(mailout_id, MailoutState.CHECKED)
    store.change_state(mailout_id, MailoutState.SCHEDULED)
    return mailout_id


def worker_env(url: str, smtp_port: int, pool: int) -> dict[str, str]:
    return {
        **os.environ,
        "MAILBRAKE_DATABASE_URL": url,
        "MAILBRAKE_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "MAILBRAKE_SECRET_KEY": SECRET,
        "MAILBRAKE_SMTP_POOL_SIZE": str(pool),
        "MAILBRAKE_CONFIG": "/nonexistent-mailbrake.toml",
        "PYTHONPATH": str(ROOT / "src"),
    }


def start_workers(env: dict[str, str], count: int, *args: str) -> list[subprocess.Popen[bytes]]:
    command = [sys.executable, "-m", "mailbrake", "worker", *args]
    return [subprocess.Popen(command, env=env) for _ in range(count)]


def engine_run(args: argparse.Namespace, url: str, port: int) -> tuple[float, float, float]:
    """(enqueue seconds, msgs/s process start to exit, msgs/s first to last ledger send)."""
    store = open_store(url)
    mailout_id = scheduled_mailout(store, fill_list(store, args.messages))
    started = time.perf_counter()
    start_sending(store, mailout_id, DeliveryOptions())
    enqueue = time.perf_counter() - started
    env = worker_env(url, port, args.connections)
    began = time.perf_counter()
    procs = start_workers(env, args.workers, "--mailout", str(mailout_id), "--batch",
                          str(args.batch))  # fmt: skip
    if any(p.wait() != 0 for p in procs):
        raise SystemExit("a worker failed")
    wall = time.perf_counter() - began
    counts = store.delivery_counts(mailout_id)
    sent = [e.sent_at for e in store.iter_ledger(mailout_id) if e.sent_at]
    span = (max(sent) - min(sent)).total_seconds()
    store.close()
    if len(sent) != args.messages:
        raise SystemExit(f"only {len(sent)} of {args.messages} sent: {counts}")
    return enqueue, args.messages / wall, args.messages / span


def raw_baseline(port: int, count: int) -> float:
    """msgs/s of plain aiosmtplib over 16 connections, no database, same size of message."""
    envelopes = make_envelopes(count, 3000)
    return timed(lambda: asyncio.run(send_aiosmtplib(port, envelopes, 16)), count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8, help="per worker")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    use_postfix = shutil.which(SMTP_SINK) is not None and os.geteuid() == 0
    with postfix_sink() if use_postfix else python_sink() as peer, database(args.db) as url:
        print(f"peer: {peer.name}; {args.messages:,} messages; db: {args.db}; "
              f"{args.workers} workers x {args.connections} connections")  # fmt: skip
        baseline = raw_baseline(peer.port, args.messages)
        enqueue, wall_rate, span_rate = engine_run(args, url, peer.port)
    print(f"{'raw aiosmtplib, 16 connections, no DB (baseline)':52s} {baseline:9,.0f} msgs/s")
    print(f"{'mailbrake end to end (worker start to exit)':52s} {wall_rate:9,.0f} msgs/s"
          f"   x{wall_rate / baseline:.2f}")  # fmt: skip
    print(f"{'mailbrake end to end (first to last ledger send)':52s} {span_rate:9,.0f} msgs/s"
          f"   x{span_rate / baseline:.2f}")  # fmt: skip
    print(f"enqueue of {args.messages:,} ledger rows: {enqueue:.2f} s")


if __name__ == "__main__":
    main()
