"""CaptureTransport: keeps every envelope in memory (and optionally in a Maildir); sends nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from mailbrake.models import Envelope, SmtpReply
from mailbrake.sink.store import SinkStore
from mailbrake.transport.base import HALTED, Feed, Gate, is_halted, is_open


class CaptureTransport:
    """For trying things out and for tests of callers: every message is "accepted" (250).

    With `maildir`, messages are also stored like `mailbrake sink` stores them, so
    `mailbrake sink list --dir MAILDIR` shows them.
    """

    def __init__(self, maildir: Path | None = None) -> None:
        self.envelopes: list[Envelope] = []
        self._store = SinkStore(maildir) if maildir is not None else None
        self.closed = False

    def recipients(self) -> list[str]:
        return [e.recipient for e in self.envelopes]

    async def send(self, envelope: Envelope, gate: Gate | None = None) -> SmtpReply:
        if self.closed:
            raise RuntimeError("send() on a closed transport")
        if not is_open(gate):
            return HALTED
        self.envelopes.append(envelope)
        number = len(self.envelopes)
        if self._store is not None:
            store = self._store
            # Disk writes off the event loop, like the real transports' network I/O.
            await asyncio.to_thread(store.add, envelope.sender, [envelope.recipient], envelope.data)
        return SmtpReply(250, f"2.0.0 Ok: captured as {number}")

    async def stream(self, feed: Feed, gate: Gate | None = None) -> None:
        while (envelope := feed.next()) is not None:
            reply = await self.send(envelope, gate)
            feed.done(envelope, reply)
            if is_halted(reply):
                return

    async def answered(self) -> None:
        return None  # nothing is ever on a wire

    async def send_many(
        self, envelopes: Sequence[Envelope], gate: Gate | None = None
    ) -> list[SmtpReply]:
        return [await self.send(envelope, gate) for envelope in envelopes]

    async def close(self) -> None:
        self.closed = True
        if self._store is not None:
            self._store.close()
