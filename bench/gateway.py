"""SMTP gateway load: concurrent clients send clean 3-recipient messages through the gateway
into a capture sink; the same clients sending straight to the sink are the baseline.

    .venv/bin/python bench/gateway.py [--clients 8] [--messages 50] [--db sqlite|postgres]

Each client holds one connection (AUTH PLAIN on loopback, as a script on the same host
would) and sends its messages one after the other. Reported for both runs: messages per
second and the p50/p99 time of one message (MAIL to the final reply); then the gateway's
added latency (gateway minus direct, at p50 and p99) and the throughput ratio. Every message
is checked, relayed to the sink and recorded; nothing is held (3 internal recipients).
Bounded: clients x messages in each run, 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiosmtplib

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mailbrake.clock import SystemClock
from mailbrake.gateway.server import build_gateway
from mailbrake.people import Role, hash_password
from mailbrake.settings import Settings
from mailbrake.sink import start_sink
from mailbrake.store import Store

PASSWORD = "bench password 1"
RCPTS = ["a@example.org", "b@example.org", "c@example.org"]


def message(client: int, number: int) -> bytes:
    return (
        f"From: Client {client} <c{client}@example.org>\r\n"
        f"To: {', '.join(RCPTS)}\r\nSubject: Meeting notes {number}\r\n"
        f"Message-ID: <bench-{client}-{number}@example.org>\r\n\r\n"
        + "Thanks for the meeting today; the next one is on Thursday at ten.\r\n"
        * 40
    ).encode()


async def client_run(port: int, client: int, count: int, login: bool) -> list[float]:
    smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False, timeout=60)
    timings = []
    async with smtp:
        if login:
            await smtp.login(f"c{client}@example.org", PASSWORD)
        for number in range(count):
            started = time.perf_counter()
            await smtp.sendmail(f"c{client}@example.org", RCPTS, message(client, number))
            timings.append(time.perf_counter() - started)
    return timings


async def load(port: int, clients: int, count: int, login: bool) -> tuple[float, list[float]]:
    started = time.perf_counter()
    runs = await asyncio.gather(*(client_run(port, c, count, login) for c in range(clients)))
    return time.perf_counter() - started, [t for run in runs for t in run]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(name: str, elapsed: float, timings: list[float]) -> None:
    rate = len(timings) / elapsed
    print(
        f"{name:8} {len(timings):5} messages in {elapsed:6.2f} s = {rate:7.1f} msg/s; "
        f"per message p50 {percentile(timings, 0.5) * 1000:6.1f} ms, "
        f"p99 {percentile(timings, 0.99) * 1000:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--messages", type=int, default=50, help="per client")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sink = start_sink(port=0, directory=Path(tmp) / "sink")
        url = f"sqlite:///{tmp}/bench.db" if args.db == "sqlite" else args.pg_url
        settings = Settings(
            database_url=url,
            smtp_url=f"smtp://127.0.0.1:{sink.port}",
            secret_key="bench-secret-key-123",
            internal_domains=["example.org"],
            gateway_allow_plain_auth_on_loopback=True,
            gateway_port=0,
        )
        store = Store.open(url)
        store.set_audit_secret(b"bench")
        digest = hash_password(PASSWORD)
        for c in range(args.clients):
            role = Role.ADMIN if c == 0 else Role.SENDER
            store.add_user(f"c{c}@example.org", name=f"Client {c}", role=role, actor="bench",
                           bootstrap=c == 0, password_hash=digest)  # fmt: skip
        gateway = build_gateway(store, settings, SystemClock(), port=0)
        gateway.start()
        try:
            direct = asyncio.run(load(sink.port, args.clients, args.messages, login=False))
            through = asyncio.run(load(gateway.port, args.clients, args.messages, login=True))
        finally:
            gateway.stop()
            sink.stop()
    report("direct", *direct)
    report("gateway", *through)
    d, g = direct[1], through[1]
    print(
        f"added latency: p50 {(percentile(g, 0.5) - percentile(d, 0.5)) * 1000:.1f} ms, "
        f"p99 {(percentile(g, 0.99) - percentile(d, 0.99)) * 1000:.1f} ms; "
        f"throughput gateway/direct = {len(g) / through[0] / (len(d) / direct[0]):.2f}x; "
        f"mean {statistics.mean(g) * 1000:.1f} ms vs {statistics.mean(d) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
