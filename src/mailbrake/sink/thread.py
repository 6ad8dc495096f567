"""Run an SMTP server (aiosmtpd) on its own event loop in a background thread."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import threading
import weakref
from collections.abc import Callable
from typing import Any

from aiosmtpd.smtp import SMTP

# An SMTP protocol factory; it is called on the server's loop, once per connection.
SmtpFactory = Callable[[asyncio.AbstractEventLoop], SMTP]


class BackgroundServer:
    """One listening socket served by a private loop, so sync and async callers can share it.

    `start()` returns once the socket listens (or re-raises the bind error, e.g. port in use);
    `stop()` closes the listener and every open connection, then ends the thread.
    """

    def __init__(
        self,
        factory: SmtpFactory,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        ssl_context: ssl.SSLContext | None = None,  # TLS from the first byte (smtps)
    ) -> None:
        self._factory = factory
        self._ssl = ssl_context
        self.host = host
        self.port = port
        self._loop = asyncio.new_event_loop()
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        # Weak: a finished connection's protocol goes away on its own.
        self._connections: weakref.WeakSet[SMTP] = weakref.WeakSet()
        self._started = threading.Event()
        self._error: BaseException | None = None

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        return self._loop

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"smtp-{self.host}", daemon=True)
        self._thread.start()
        self._started.wait()
        if self._error is not None:
            self._thread.join()
            raise self._error

    def stop(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()

    def call(self, func: Callable[[], Any]) -> None:
        """Run `func` on the server's loop and wait for it (thread-safe)."""

        async def run() -> None:
            func()

        asyncio.run_coroutine_threadsafe(run(), self._loop).result()

    def listen(self) -> None:
        """Listen again on the same port after `close_listener()`."""
        future = asyncio.run_coroutine_threadsafe(self._listen(self.port), self._loop)
        future.result()

    def close_listener(self) -> None:
        """Stop accepting connections: new ones are refused, open ones keep going."""
        self.call(self._close_server)

    def drop_connections(self) -> None:
        """Close every open client connection (as a server restart would)."""
        self.call(self._drop_all)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._listen(self.port))
        except BaseException as exc:  # handed to start(), which re-raises it
            self._error = exc
            self._started.set()
            self._loop.close()
            return
        self._started.set()
        try:
            self._loop.run_forever()
        finally:
            self._shutdown()

    async def _listen(self, port: int) -> None:
        self._server = await self._loop.create_server(
            self._make_protocol, self.host, port, ssl=self._ssl
        )
        self.port = self._server.sockets[0].getsockname()[1]

    def _make_protocol(self) -> SMTP:
        protocol = self._factory(self._loop)
        self._connections.add(protocol)
        return protocol

    def _close_server(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _drop_all(self) -> None:
        for protocol in list(self._connections):
            transport = protocol.transport
            if transport is not None:
                transport.close()
        self._connections.clear()

    def _shutdown(self) -> None:
        self._close_server()
        self._drop_all()
        pending = asyncio.all_tasks(self._loop)
        for task in pending:
            task.cancel()
        with contextlib.suppress(BaseException):
            self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self._loop.run_until_complete(self._loop.shutdown_asyncgens())
        self._loop.close()
