"""The local capture sink: an SMTP server that accepts every message and stores it as received."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session

from mailbrake.sink.store import Arrival, SinkError, SinkStore
from mailbrake.sink.thread import BackgroundServer

OnArrival = Callable[[Arrival], None]


class SinkHandler:
    """aiosmtpd hooks: advertise PIPELINING, store each message, and never refuse one."""

    def __init__(self, store: SinkStore, on_arrival: OnArrival | None = None) -> None:
        self.store = store
        self.on_arrival = on_arrival

    async def handle_EHLO(  # noqa: N802 (aiosmtpd hook name)
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        hostname: str,
        responses: list[str],
    ) -> list[str]:
        session.host_name = hostname  # the new-style hook must set it itself
        responses.insert(len(responses) - 1, "250-PIPELINING")
        return responses

    async def handle_DATA(  # noqa: N802 (aiosmtpd hook name)
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        data = envelope.original_content or b""
        try:
            arrival = self.store.add(envelope.mail_from or "", envelope.rcpt_tos, data)
        except OSError as exc:  # a full disk: say "try later" so the sender keeps the message
            return f"451 4.3.0 The sink cannot store the message: {exc.strerror or exc}"
        if self.on_arrival is not None:
            self.on_arrival(arrival)
        return f"250 2.0.0 Ok: stored as {arrival.number}"


class CoalescingSMTP(SMTP):
    """aiosmtpd writes every reply on its own; here the replies to commands that arrived
    together (MAIL, RCPT, DATA pipelined) leave in one write, which makes the sink about
    twice as fast. Not for a server that offers STARTTLS: its 220 must go out before TLS."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._replies: list[bytes] = []

    async def push(self, status: str | bytes) -> None:
        reply = status.encode() if isinstance(status, str) else status
        self._replies.append(reply + b"\r\n")
        if len(self._replies) == 1:
            self.loop.call_soon(self._flush)  # after this batch of input is processed
        if reply.startswith(b"221"):
            self._flush()  # QUIT: aiosmtpd closes the connection right after this reply

    def _flush(self) -> None:
        replies, self._replies = self._replies, []
        writer = self._writer
        if replies and not writer.transport.is_closing():
            writer.write(b"".join(replies))


def _accept_any_login(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
) -> AuthResult:
    # A capture sink: senders configured with a login must get through too.
    return AuthResult(success=True, handled=False)


class RunningSink:
    """A sink serving in a background thread; a context manager that stops it on exit."""

    def __init__(self, server: BackgroundServer, store: SinkStore) -> None:
        self._server = server
        self._store = store

    @property
    def host(self) -> str:
        return self._server.host

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    @property
    def directory(self) -> Path:
        return self._store.directory

    def count(self) -> int:
        """Messages stored since this sink started."""
        return self._store.stored

    def stop(self) -> None:
        self._server.stop()
        self._store.close()

    def __enter__(self) -> RunningSink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_sink(
    host: str = "127.0.0.1",
    port: int = 2525,
    directory: Path = Path("mailbrake-sink"),
    on_arrival: OnArrival | None = None,
) -> RunningSink:
    """Listen on host:port (0 picks a free port) and store into `directory` (a Maildir).

    `on_arrival` runs on the sink's thread after each message is stored.
    Raises SinkError if the port is taken or the directory cannot be used.
    """
    store = SinkStore(directory)
    handler = SinkHandler(store, on_arrival)

    def factory(loop: asyncio.AbstractEventLoop) -> SMTP:
        return CoalescingSMTP(
            handler,
            loop=loop,
            hostname="mailbrake-sink",
            enable_SMTPUTF8=True,
            auth_require_tls=False,
            authenticator=_accept_any_login,
        )

    server = BackgroundServer(factory, host, port)
    try:
        server.start()
    except OSError as exc:
        raise SinkError(
            f"Cannot listen on {host}:{port}: {os.strerror(exc.errno) if exc.errno else exc}.",
            hint="Stop the program using that port or pick another one with --port.",
        ) from None
    return RunningSink(server, store)
