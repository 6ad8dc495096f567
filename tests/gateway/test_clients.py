"""Clients nobody here wrote talk to the gateway: aiosmtplib, and swaks (Debian's package)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess

import aiosmtplib
import pytest

from tests.fixtures.smtp_sink import SmtpSink
from tests.gateway.conftest import PASSWORD, SENDER, Gateway, staff_list
from tests.gateway.test_relay import CLEAN, RCPTS

SWAKS = shutil.which("swaks")


def test_aiosmtplib_client_relays_through_starttls_and_auth(
    gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    async def send() -> tuple[dict[str, object], str]:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=gateway.port, start_tls=True,
                                 tls_context=gateway.client_context(), timeout=20)  # fmt: skip
        async with client:
            await client.login(SENDER, PASSWORD)
            return await client.sendmail(SENDER, RCPTS, CLEAN)  # type: ignore[return-value]

    errors, text = asyncio.run(send())
    assert errors == {}
    assert text.startswith("2.0.0 Relayed")
    assert smtp_sink.wait_for(1)[0].raw.endswith(CLEAN)


@pytest.fixture
def swaks() -> str:
    if SWAKS is None:
        import os

        if os.environ.get("CI"):
            pytest.fail("swaks is missing; .ci/run installs it (apt-get install swaks)")
        pytest.skip("swaks is not installed (apt-get install swaks)")
    return SWAKS


def _swaks(swaks: str, gateway: Gateway, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [swaks, "--server", f"127.0.0.1:{gateway.port}", "--tls",
               "--auth", "PLAIN", "--auth-user", SENDER, "--auth-password", PASSWORD,
               "--from", SENDER, "--header", "Subject: Canteen hours",
               "--body", "The canteen opens at 8.", *extra]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_swaks_message_to_a_big_list_is_held(
    swaks: str, gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    staff_list(gateway.store, 100)
    done = _swaks(swaks, gateway, "--to", "all-staff@example.org")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "held as mailout" in done.stdout
    [notice] = smtp_sink.wait_for(1)
    assert list(notice.rcpt_tos) == [SENDER]


def test_swaks_without_tls_cannot_authenticate(swaks: str, gateway: Gateway) -> None:
    command = [swaks, "--server", f"127.0.0.1:{gateway.port}", "--auth", "PLAIN",
               "--auth-user", SENDER, "--auth-password", PASSWORD, "--from", SENDER,
               "--to", "a@example.org"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert "did not advertise authentication" in done.stderr
