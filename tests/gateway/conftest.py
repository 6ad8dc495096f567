"""A running gateway on 127.0.0.1 (STARTTLS with a self-signed certificate, AUTH against the
test's users) in front of the aiosmtpd test sink as its upstream relay."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mailbrake.gateway.certs import self_signed_pair
from mailbrake.gateway.server import build_gateway
from mailbrake.models import NewSubscriber
from mailbrake.people import Role, hash_password
from mailbrake.settings import Settings
from mailbrake.sink.thread import BackgroundServer
from mailbrake.store import Store
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink

PASSWORD = "correct horse battery"
SENDER = "sam@example.org"
APPROVER = "alex@example.org"
ADMIN = "ada@example.org"


@dataclass
class Gateway:
    server: BackgroundServer
    store: Store
    settings: Settings
    cert: Path
    clock: FakeClock

    @property
    def port(self) -> int:
        return self.server.port

    def client_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(self.cert))
        context.check_hostname = False  # the test connects to 127.0.0.1, not the cert's name
        return context

    def connect(self, *, login: str | None = SENDER, password: str = PASSWORD) -> smtplib.SMTP:
        """An smtplib client after STARTTLS (and AUTH unless login is None)."""
        client = smtplib.SMTP("127.0.0.1", self.port, timeout=20)
        client.starttls(context=self.client_context())
        if login is not None:
            client.login(login, password)
        return client


def make_settings(tmp_path: Path, store_url: str, upstream: str, **extra: Any) -> Settings:
    cert, key = self_signed_pair(tmp_path / "tls")
    values: dict[str, Any] = {
        "database_url": store_url,
        "smtp_url": upstream,
        "secret_key": "gateway-test-secret-key",
        "internal_domains": ["example.org"],
        "gateway_tls_cert": cert,
        "gateway_tls_key": key,
        "gateway_port": 0,
        "undo_window_steps": [(24, 0), (1000, 60)],
        **extra,
    }
    return Settings(**values)


def add_people(store: Store) -> None:
    digest = hash_password(PASSWORD)
    store.add_user(ADMIN, name="Ada Admin", role=Role.ADMIN, actor="test", bootstrap=True,
                   password_hash=digest)  # fmt: skip
    store.add_user(APPROVER, name="Alex Approver", role=Role.APPROVER, actor="test",
                   password_hash=digest)  # fmt: skip
    store.add_user(SENDER, name="Sam Sender", role=Role.SENDER, actor="test", manager=ADMIN,
                   password_hash=digest)  # fmt: skip


def staff_list(store: Store, size: int, address: str = "all-staff@example.org") -> int:
    created = store.create_list("staff", actor="test")
    people = [NewSubscriber(f"person{i:04d}@example.org", f"Person {i:04d}") for i in range(size)]
    store.add_subscribers(created.id, people)
    store.set_list_address("staff", address, actor="test")
    return created.id


@pytest.fixture
def gateway_factory(
    store: Store, clock: FakeClock, smtp_sink: SmtpSink, tmp_path: Path, database_url: str
) -> Iterator[Callable[..., Gateway]]:
    started: list[BackgroundServer] = []
    add_people(store)

    def start(upstream: str | None = None, **extra: Any) -> Gateway:
        settings = make_settings(tmp_path, database_url, upstream or smtp_sink.url, **extra)
        server = build_gateway(store, settings, clock, port=0)
        server.start()
        started.append(server)
        return Gateway(server, store, settings, settings.gateway_tls_cert, clock)  # type: ignore[arg-type]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def gateway(gateway_factory: Callable[..., Gateway]) -> Gateway:
    return gateway_factory()
