"""A pool of persistent SMTP connections that sends a batch over several of them at once."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from mailbrake.errors import TransportError
from mailbrake.models import Envelope, SmtpReply
from mailbrake.transport.base import Feed, Gate, SenderRefusedError, is_halted, not_sent


class NotSentError(Exception):
    """The connection failed before the relay could accept the message: resending is safe.

    `retryable`: the failure looks like a connection the relay had closed while it sat idle
    (so one more try on a fresh connection is worth it), rather than a slow or ailing relay.
    """

    def __init__(
        self, reply: SmtpReply, *, retryable: bool, envelope: Envelope | None = None
    ) -> None:
        super().__init__(reply.text)
        self.reply = reply
        self.retryable = retryable
        self.envelope = envelope  # which message of a stream it was


class SingleFeed:
    """A feed of one message, keeping its reply."""

    def __init__(self, envelope: Envelope) -> None:
        self._envelope: Envelope | None = envelope
        self.reply: SmtpReply | None = None

    def next(self) -> Envelope | None:
        envelope, self._envelope = self._envelope, None
        return envelope

    def done(self, envelope: Envelope, reply: SmtpReply) -> None:
        self.reply = reply


class _Counted:
    """Passes a feed through, counting replies, with room to put one message back."""

    def __init__(self, feed: Feed) -> None:
        self._feed = feed
        self.replies = 0
        self.again: Envelope | None = None

    def next(self) -> Envelope | None:
        if self.again is not None:
            envelope, self.again = self.again, None
            return envelope
        return self._feed.next()

    def done(self, envelope: Envelope, reply: SmtpReply) -> None:
        self.replies += 1
        self._feed.done(envelope, reply)


async def deliver_each(conn: Connection, feed: Feed, gate: Gate | None) -> None:
    """A stream for a connection that sends one message at a time."""
    while (envelope := feed.next()) is not None:
        try:
            reply = await conn.deliver(envelope, gate)
        except NotSentError as exc:
            exc.envelope = envelope
            raise
        feed.done(envelope, reply)
        if is_halted(reply):
            return


class Connection(Protocol):
    @property
    def is_usable(self) -> bool: ...

    async def deliver(self, envelope: Envelope, gate: Gate | None = None) -> SmtpReply:
        """The reply for one message; raises NotSentError when resending is safe, and
        SenderRefusedError (the connection still usable) when MAIL FROM got a 5xx."""
        ...

    async def stream(self, feed: Feed, gate: Gate | None = None) -> None:
        """Every message of `feed` (see base.Transport.stream); NotSentError names its
        message, whose `done` has not been called."""
        ...

    async def answered(self) -> None:
        """Until the MAIL FROM written on it, if any, has its reply (or the wire failed)."""
        ...

    async def close(self) -> None: ...

    def abort(self) -> None: ...


class Connector(Protocol):
    @property
    def address(self) -> str: ...

    async def open(self) -> Connection:
        """A connection ready for MAIL FROM; raises TransportError if the relay refuses us."""
        ...


@dataclass(eq=False)
class _Lease:
    conn: Connection
    fresh: bool  # opened for this batch and nothing delivered on it yet


@dataclass
class _Batch:
    queue: deque[tuple[int, Envelope]]
    replies: list[SmtpReply | None]
    error: TransportError | None = None

    def finish(self, address: str) -> list[SmtpReply]:
        """Every reply; raise only if nothing at all was handed to the relay."""
        if self.error is not None and all(r is None for r in self.replies):
            raise self.error
        reason = self.error.message if self.error is not None else "no connection was available"
        return [r if r is not None else not_sent(address, reason) for r in self.replies]


class ConnectionPool:
    """Up to `size` connections, kept open between batches.

    A connection that failed before a message was committed is replaced and the message sent
    again on a fresh connection (once): a relay that closed an idle connection costs nothing.
    A message whose content went out without a reply is never resent here (code 0).
    """

    def __init__(self, connector: Connector, size: int) -> None:
        self._connector = connector
        self._size = size
        self._slots = asyncio.Semaphore(size)
        self._idle: list[Connection] = []
        self._leased: set[_Lease] = set()
        self._closed = False

    async def answered(self) -> None:
        """Until every MAIL FROM written on a leased connection has its reply."""
        await asyncio.gather(*(lease.conn.answered() for lease in list(self._leased)))

    async def connect(self, connections: int = 1) -> None:
        """Open connections now: an unreachable relay shows up before any sending, and later
        sends find them open (up to the pool size)."""
        wanted = max(1, min(connections, self._size)) - len(self._idle)
        for _ in range(wanted):
            async with self._slots:
                conn = await self._connector.open()
                await self._checkin(conn)

    async def send(self, envelope: Envelope, gate: Gate | None = None) -> SmtpReply:
        """One message. Waiting for a slot or a new connection may take a while, so `gate`
        is asked again immediately before MAIL FROM, on whatever connection carries it."""
        if self._closed:
            raise RuntimeError("send() on a closed transport")
        async with self._slots:
            lease = await self._checkout()
            self._leased.add(lease)
            try:
                reply = await self._deliver(lease, envelope, gate)
            except SenderRefusedError:
                await self._checkin(lease.conn)  # the transaction was reset; it can go on
                raise
            except TransportError:
                raise  # the connection is closed already; nothing was committed
            except BaseException:
                lease.conn.abort()  # cancelled mid-message: never reuse it
                raise
            finally:
                self._leased.discard(lease)
            await self._checkin(lease.conn)
            return reply

    async def stream(self, feed: Feed, gate: Gate | None = None) -> None:
        """Messages from `feed` over one connection, the next one's MAIL FROM pipelined
        behind the current one's content where the path allows it."""
        if self._closed:
            raise RuntimeError("stream() on a closed transport")
        async with self._slots:
            lease = await self._checkout()
            self._leased.add(lease)
            try:
                await self._stream(lease, _Counted(feed), gate)
            except SenderRefusedError:
                await self._checkin(lease.conn)
                raise
            except TransportError:
                raise
            except BaseException:
                lease.conn.abort()
                raise
            finally:
                self._leased.discard(lease)
            await self._checkin(lease.conn)

    async def send_many(
        self, envelopes: Sequence[Envelope], gate: Gate | None = None
    ) -> list[SmtpReply]:
        if self._closed:
            raise RuntimeError("send_many() on a closed transport")
        batch = _Batch(deque(enumerate(envelopes)), [None] * len(envelopes))
        workers = min(self._size, len(envelopes))
        await asyncio.gather(*(self._work(batch, gate) for _ in range(workers)))
        return batch.finish(self._connector.address)

    async def close(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        await asyncio.gather(*(conn.close() for conn in idle))

    async def _work(self, batch: _Batch, gate: Gate | None) -> None:
        async with self._slots:
            lease: _Lease | None = None
            try:
                while batch.queue:
                    if lease is None or not lease.conn.is_usable:
                        if lease is not None:
                            await lease.conn.close()
                        lease = await self._checkout()
                    if not batch.queue:
                        break
                    index, envelope = batch.queue.popleft()
                    try:
                        batch.replies[index] = await self._deliver(lease, envelope, gate)
                    except SenderRefusedError:
                        batch.queue.appendleft((index, envelope))
                        raise  # its connection stays usable: checked in below
                    except TransportError:
                        batch.queue.appendleft((index, envelope))
                        lease = None  # its connection is closed already
                        raise
            except TransportError as exc:
                batch.error = exc
            except BaseException:
                # Cancelled mid-message: the connection's state is unknown, never reuse it.
                if lease is not None:
                    lease.conn.abort()
                    lease = None
                raise
            finally:
                if lease is not None:
                    await self._checkin(lease.conn)

    async def _deliver(self, lease: _Lease, envelope: Envelope, gate: Gate | None) -> SmtpReply:
        try:
            reply = await lease.conn.deliver(envelope, gate)
        except NotSentError as exc:
            await lease.conn.close()
            if lease.fresh or not exc.retryable:
                return exc.reply
            # A reused connection may simply have been closed by the relay while idle.
            lease.conn = await self._connector.open()
            lease.fresh = True
            return await self._deliver(lease, envelope, gate)
        lease.fresh = False
        return reply

    async def _stream(self, lease: _Lease, feed: _Counted, gate: Gate | None) -> None:
        """Like _deliver: a reused connection that fails before a message was sent is
        replaced once and that message sent again; otherwise the failure is its reply."""
        while True:
            replies = feed.replies
            try:
                await lease.conn.stream(feed, gate)
                return
            except NotSentError as exc:
                await lease.conn.close()
                if exc.envelope is None:
                    raise RuntimeError("NotSentError from a stream names no message") from None
                fresh = lease.fresh or feed.replies > replies
                if fresh or not exc.retryable:
                    feed.done(exc.envelope, exc.reply)
                    return  # the caller's next stream gets a new connection
                feed.again = exc.envelope
                lease.conn = await self._connector.open()
                lease.fresh = True

    async def _checkout(self) -> _Lease:
        while self._idle:
            conn = self._idle.pop()
            if conn.is_usable:
                return _Lease(conn, fresh=False)
            await conn.close()
        return _Lease(await self._connector.open(), fresh=True)

    async def _checkin(self, conn: Connection) -> None:
        if self._closed or not conn.is_usable:
            await conn.close()
            return
        self._idle.append(conn)
