"""TLS contexts for transport tests, from a self-signed certificate for 127.0.0.1."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def tls_server_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(DATA / "test-cert.pem", DATA / "test-key.pem")
    return context


@pytest.fixture(scope="session")
def tls_client_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(DATA / "test-cert.pem"))
