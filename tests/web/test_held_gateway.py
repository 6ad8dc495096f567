"""End to end through the real SMTP gateway: a message to a list of 500 is held, an approver
releases it through the API (a sender may not), and the original reaches every member once."""

from __future__ import annotations

import asyncio

from tests.fixtures.smtp_sink import SmtpSink
from tests.gateway.conftest import (  # noqa: F401 (the gateway fixtures, reused)
    APPROVER,
    SENDER,
    Gateway,
    gateway,
    gateway_factory,
    staff_list,
)
from tests.gateway.test_delivery import FLAGGED, _deliver, _send
from tests.pipeline.test_deliver_support import ledger_emails
from tests.web.site_support import client_for

from mailbrake.models import DeliveryState, MailoutState
from mailbrake.pipeline.hold import start_due
from mailbrake.web import create_app


async def test_held_gateway_mail_released_through_the_api_reaches_every_member_once(
    gateway: Gateway,  # noqa: F811 (the imported fixture, by name)
    smtp_sink: SmtpSink,
) -> None:
    store = gateway.store
    staff_list(store, 500)
    mailout_id = await asyncio.to_thread(_send, gateway, FLAGGED)
    assert store.get_mailout(mailout_id).state is MailoutState.AWAITING_APPROVAL
    await asyncio.to_thread(smtp_sink.wait_for, 1)  # the sender's notice
    smtp_sink.reset()
    approver = {"Authorization": f"Bearer {store.issue_token(APPROVER, actor='t')}"}
    sender = {"Authorization": f"Bearer {store.issue_token(SENDER, actor='t')}"}
    app = create_app(gateway.settings, store, clock=gateway.clock)
    async for web in client_for(app):
        (item,) = (await web.get("/api/v1/held", headers=approver)).json()
        assert (item["id"], item["recipients"], item["sender"]) == (mailout_id, 500, SENDER)
        assert any(f["category"] == "confidential" for f in item["found"])
        url = f"/api/v1/held/{mailout_id}/release"
        refused = await web.post(url, json={"note": "mine"}, headers=sender)
        assert refused.status_code == 403
        released = await web.post(url, json={"note": "the plan is public"}, headers=approver)
        assert released.status_code == 200, released.text
        assert released.json()["state"] == "scheduled"
        log = (await web.get("/api/v1/gateway/messages", headers=approver)).json()
        assert [(r["disposition"], r["mailout_id"]) for r in log["items"]] == [("held", mailout_id)]
    gateway.clock.advance(61)  # the undo window for 500 (see make_settings)
    assert start_due(store, gateway.settings, gateway.clock).started == [mailout_id]
    await asyncio.to_thread(_deliver, gateway, mailout_id)
    members = {f"person{i:04d}@example.org" for i in range(500)}
    delivered = await asyncio.to_thread(smtp_sink.wait_for, 501)  # and "approved", to Sam
    got = [m for m in delivered if list(m.rcpt_tos) != [SENDER]]
    assert sorted(r for m in got for r in m.rcpt_tos) == sorted(members)
    assert {m.raw for m in got} == {FLAGGED}
    assert ledger_emails(store, mailout_id, DeliveryState.SENT) == members
