"""The notice's signed link lets the sender cancel a held message; forged links do nothing."""

from __future__ import annotations

import asyncio
import re

import httpx

from mailbrake.models import MailoutState
from mailbrake.web.app import create_app
from tests.fixtures.smtp_sink import SmtpSink
from tests.gateway.conftest import SENDER, Gateway, staff_list
from tests.gateway.test_delivery import FLAGGED, _send


def _post(gateway: Gateway, path: str) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(gateway.settings, gateway.store))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            assert (await client.get(path)).status_code == 200
            return await client.post(path)

    return asyncio.run(go())


def test_signed_link_cancels_the_held_message_and_a_forged_one_does_not(
    gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    staff_list(gateway.store, 40)
    mailout_id = _send(gateway, FLAGGED)
    [notice] = [m for m in smtp_sink.wait_for(2) if list(m.rcpt_tos) == [SENDER]]
    link = re.search(r"https?://\S+/held/(\S+)", notice.message.get_body().get_content())
    assert link is not None
    token = link.group(1)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    refused = asyncio.run(_forged(gateway, forged))
    assert refused.status_code == 400
    assert gateway.store.get_mailout(mailout_id).state is MailoutState.AWAITING_APPROVAL
    done = _post(gateway, f"/held/{token}")
    assert done.status_code == 200
    assert gateway.store.get_mailout(mailout_id).state is MailoutState.CANCELLED
    again = _post(gateway, f"/held/{token}")
    assert again.status_code == 409
    members = [r for m in smtp_sink.messages for r in m.rcpt_tos if r.startswith("person")]
    assert members == []  # notices went out, the message never did


async def _forged(gateway: Gateway, token: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=create_app(gateway.settings, gateway.store))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.post(f"/held/{token}")
