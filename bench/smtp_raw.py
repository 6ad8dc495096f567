"""Raw SMTP throughput with no database: plain aiosmtplib (the baseline) vs mailbrake's transport.

    .venv/bin/python bench/smtp_raw.py [--messages 20000] [--connections 16] [--size 3000]

The peer is Postfix's `smtp-sink` (Debian package `postfix`) when it is installed, else a
minimal asyncio sink in its own process. Runs, each over `--connections` connections:
  1. aiosmtplib: one SMTP client per connection, sendmail() per message (the baseline);
  2. SmtpTransport(pipelining=False): mailbrake's pool on aiosmtplib;
  3. SmtpTransport (pipelined), one process;
  4. SmtpTransport (pipelined), one send() per message from `--connections` tasks;
  5. SmtpTransport (pipelined), two processes sharing the connections (the engine's shape).
Prints msgs/s for each and the ratio to the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import aiosmtplib

from mailbrake.models import Envelope
from mailbrake.transport import SmtpTransport

SMTP_SINK = "/usr/sbin/smtp-sink"
LINE = "mailbrake sends mass email in waves, with an emergency stop and a per-recipient ledger"


def make_envelopes(count: int, size: int) -> list[Envelope]:
    """`count` distinct messages of about `size` bytes (headers, text, a dot-stuffed line)."""
    line = LINE[:72]
    body_lines = max(1, (size - 230) // (len(line) + 2))
    envelopes = []
    for n in range(count):
        headers = (
            f"From: News <news@example.org>\r\nTo: <reader{n}@example.net>\r\n"
            f"Subject: Benchmark message {n}\r\nMessage-ID: <bench.{n}@example.org>\r\n"
            "Date: Mon, 05 Jan 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        )
        body = f"Hello reader {n},\r\n.a line that needs dot-stuffing\r\n"
        body += "\r\n".join([line] * body_lines) + "\r\n"
        envelopes.append(
            Envelope(
                "news@example.org", f"reader{n}@example.net", (headers + body).encode(), f"<{n}>"
            )
        )
    return envelopes


@dataclass
class Peer:
    name: str
    port: int
    delivered: Callable[[], int | None]  # messages the peer counted, if it counts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def postfix_sink() -> Iterator[Peer]:
    port = free_port()
    command = [SMTP_SINK, "-c", "-u", "nobody", f"127.0.0.1:{port}", "1000"]
    with tempfile.TemporaryFile() as counters:
        proc = subprocess.Popen(command, stdout=counters, stderr=subprocess.STDOUT)

        def delivered() -> int:
            # smtp-sink -c rewrites "sess=.. quit=.. mesg=N" after every message.
            counters.seek(0)
            found = re.findall(rb"mesg=(\d+)", counters.read())
            return int(found[-1]) if found else 0

        wait_listening(port)
        try:
            yield Peer("Postfix smtp-sink", port, delivered)
        finally:
            proc.terminate()
            proc.wait()


@contextmanager
def python_sink() -> Iterator[Peer]:
    port = free_port()
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=run_python_sink, args=(port,), daemon=True)
    proc.start()
    wait_listening(port)
    try:
        yield Peer("minimal asyncio sink (install postfix for smtp-sink)", port, lambda: None)
    finally:
        proc.terminate()
        proc.join()


def wait_listening(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.05)  # polling a peer that is starting up: not a test
    raise SystemExit(f"The SMTP peer did not start listening on port {port}.")


class MinimalSink(asyncio.Protocol):
    """Just enough SMTP, with PIPELINING, to take messages and throw them away."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]
        self.buffer = b""
        self.in_data = False
        self.quitting = False
        transport.write(b"220 bench ESMTP\r\n")  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        out = []
        while True:
            if self.in_data:
                end = self.buffer.find(b"\r\n.\r\n")
                if end < 0:
                    break
                self.buffer = self.buffer[end + 5 :]
                self.in_data = False
                out.append(b"250 2.0.0 Ok: queued\r\n")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                break
            line, self.buffer = self.buffer[:end].upper(), self.buffer[end + 2 :]
            out.append(self.reply(line))
        self.transport.write(b"".join(out))
        if self.quitting:
            self.transport.close()

    def reply(self, line: bytes) -> bytes:
        if line.startswith(b"EHLO"):
            return b"250-bench\r\n250-PIPELINING\r\n250 8BITMIME\r\n"
        if line.startswith(b"DATA"):
            self.in_data = True
            self.buffer = b"\r\n" + self.buffer  # so an empty message still finds its end
            return b"354 go ahead\r\n"
        if line.startswith(b"QUIT"):
            self.quitting = True
            return b"221 bye\r\n"
        return b"250 OK\r\n"


def run_python_sink(port: int) -> None:
    async def serve() -> None:
        server = await asyncio.get_running_loop().create_server(MinimalSink, "127.0.0.1", port)
        await server.serve_forever()

    asyncio.run(serve())


async def send_aiosmtplib(port: int, envelopes: list[Envelope], connections: int) -> int:
    queue = list(reversed(envelopes))
    accepted = 0

    async def worker() -> None:
        nonlocal accepted
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False)
        await client.connect()
        while queue:
            env = queue.pop()
            await client.sendmail(env.sender, [env.recipient], env.data)
            accepted += 1
        await client.quit()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return accepted


async def send_transport(
    port: int, envelopes: list[Envelope], connections: int, pipelining: bool
) -> int:
    url = f"smtp://127.0.0.1:{port}"
    async with SmtpTransport(url, pool_size=connections, pipelining=pipelining) as sender:
        accepted = 0
        for start in range(0, len(envelopes), 1000):  # batches, as the engine claims them
            replies = await sender.send_many(envelopes[start : start + 1000])
            accepted += sum(r.is_success for r in replies)
        expected = "pipelined" if pipelining else "aiosmtplib"
        if sender.path != expected:
            raise SystemExit(f"Expected the {expected} path, got {sender.path}.")
    return accepted


async def send_one_by_one(port: int, envelopes: list[Envelope], connections: int) -> int:
    """The delivery engine's shape: `connections` tasks, each awaiting send() per message."""
    queue = list(reversed(envelopes))
    accepted = 0

    async def sender_task(sender: SmtpTransport) -> None:
        nonlocal accepted
        while queue:
            reply = await sender.send(queue.pop())
            accepted += reply.is_success  # after the await: `+=` across it would lose counts

    async with SmtpTransport(f"smtp://127.0.0.1:{port}", pool_size=connections) as sender:
        await sender.connect(connections)
        await asyncio.gather(*(sender_task(sender) for _ in range(connections)))
    return accepted


def child(port: int, count: int, size: int, offset: int, connections: int, results: object) -> None:
    envelopes = make_envelopes(count + offset, size)[offset:]
    started = time.monotonic()
    accepted = asyncio.run(send_transport(port, envelopes, connections, True))
    results.put((started, time.monotonic(), accepted))  # type: ignore[attr-defined]


def run_processes(port: int, count: int, size: int, connections: int, processes: int) -> float:
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    share = count // processes
    procs = [
        ctx.Process(
            target=child, args=(port, share, size, i * share, connections // processes, results)
        )
        for i in range(processes)
    ]
    for proc in procs:
        proc.start()
    outcomes: list[tuple[float, float, int]] = [results.get() for _ in procs]
    for proc in procs:
        proc.join()
    accepted = sum(o[2] for o in outcomes)
    if accepted != share * processes:
        raise SystemExit(f"Only {accepted} of {share * processes} messages were accepted.")
    elapsed = max(o[1] for o in outcomes) - min(o[0] for o in outcomes)
    return share * processes / elapsed


def timed(run: Callable[[], int], count: int) -> float:
    started = time.perf_counter()
    accepted = run()
    elapsed = time.perf_counter() - started
    if accepted != count:
        raise SystemExit(f"Only {accepted} of {count} messages were accepted.")
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--size", type=int, default=3000, help="bytes per message")
    parser.add_argument("--peer", choices=["auto", "postfix", "python"], default="auto")
    args = parser.parse_args()
    n, conns = args.messages, args.connections
    envelopes = make_envelopes(n, args.size)
    has_postfix = shutil.which(SMTP_SINK) is not None and os.geteuid() == 0
    use_postfix = args.peer == "postfix" or (args.peer == "auto" and has_postfix)
    peer_factory = postfix_sink if use_postfix else python_sink
    with peer_factory() as peer:
        print(f"peer: {peer.name}; {n} messages of {len(envelopes[0].data)} bytes; {conns} conns")
        before = peer.delivered()
        rates = {
            "aiosmtplib sendmail (baseline)": timed(
                lambda: asyncio.run(send_aiosmtplib(peer.port, envelopes, conns)), n
            ),
            "SmtpTransport, aiosmtplib path": timed(
                lambda: asyncio.run(send_transport(peer.port, envelopes, conns, False)), n
            ),
            "SmtpTransport, pipelined, 1 process": timed(
                lambda: asyncio.run(send_transport(peer.port, envelopes, conns, True)), n
            ),
            "SmtpTransport, pipelined, send() x16 tasks": timed(
                lambda: asyncio.run(send_one_by_one(peer.port, envelopes, conns)), n
            ),
            "SmtpTransport, pipelined, 2 processes": run_processes(
                peer.port, n, args.size, conns, 2
            ),
        }
        after = peer.delivered()
    baseline = rates["aiosmtplib sendmail (baseline)"]
    for name, rate in rates.items():
        print(f"{name:44s} {rate:9,.0f} msgs/s   x{rate / baseline:.2f}")
    if before is not None and after is not None:
        print(f"the peer counted {after - before:,} messages (expected {len(rates) * n:,})")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
