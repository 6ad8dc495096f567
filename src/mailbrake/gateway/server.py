"""The gateway's SMTP server: aiosmtpd with STARTTLS, AUTH and the limits, on its own loop."""

from __future__ import annotations

import asyncio
import socket
import ssl
from typing import Any

from aiosmtpd.smtp import SMTP

from mailbrake.clock import Clock
from mailbrake.gateway.auth import Authenticator, FailureLimiter, is_loopback
from mailbrake.gateway.handler import GatewayContext, GatewayHandler
from mailbrake.gateway.relay import UpstreamPool
from mailbrake.pipeline.analyse import policy_analyser
from mailbrake.policy import load_policy
from mailbrake.settings import Settings
from mailbrake.sink.thread import BackgroundServer
from mailbrake.store import Store
from mailbrake.transport.url import parse_smtp_url


class GatewaySMTP(SMTP):
    """aiosmtpd with two gateway rules: the size refusal carries its enhanced code (RFC 3463
    5.3.4), and AUTH without TLS is offered only to loopback clients, only if allowed."""

    def __init__(self, *args: Any, plain_auth_on_loopback: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plain_on_loopback = plain_auth_on_loopback

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        peer = transport.get_extra_info("peername")
        host = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        if self._plain_on_loopback and is_loopback(host):
            self._auth_require_tls = False

    async def push(self, status: str | bytes) -> None:
        text = status.decode() if isinstance(status, bytes) else status
        if text.startswith("552 Error"):
            text = (
                f"552 5.3.4 Message too big for this gateway (at most {self.data_size_limit} bytes)"
            )
        await super().push(text)


def tls_context(settings: Settings) -> ssl.SSLContext | None:
    if settings.gateway_tls_cert is None:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(settings.gateway_tls_cert, settings.gateway_tls_key)
    return context


def build_gateway(
    store: Store,
    settings: Settings,
    clock: Clock,
    *,
    host: str | None = None,
    port: int | None = None,
) -> BackgroundServer:
    """The gateway server, not yet started (`start()` binds it)."""
    hostname = socket.getfqdn()
    ctx = GatewayContext(
        store=store,
        settings=settings,
        analyser=policy_analyser(load_policy(settings.policy_file), settings.internal_domains),
        clock=clock,
        secret=settings.resolved_secret(),
        upstream=UpstreamPool(
            parse_smtp_url(settings.smtp_url),
            timeout=settings.smtp_timeout,
            local_hostname=hostname,
            size=settings.smtp_pool_size,
        ),
        hostname=hostname,
    )
    handler = GatewayHandler(ctx)
    authenticator = Authenticator(store, FailureLimiter(clock))
    context = tls_context(settings)

    def factory(loop: asyncio.AbstractEventLoop) -> SMTP:
        return GatewaySMTP(
            handler,
            data_size_limit=settings.gateway_max_message_bytes,
            hostname=hostname,
            tls_context=context,
            require_starttls=False,
            auth_required=False,
            auth_require_tls=True,
            authenticator=authenticator,
            plain_auth_on_loopback=settings.gateway_allow_plain_auth_on_loopback,
            loop=loop,
        )

    return BackgroundServer(
        factory,
        host if host is not None else settings.gateway_host,
        settings.gateway_port if port is None else port,
    )
