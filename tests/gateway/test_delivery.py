"""A held gateway mailout goes out through the delivery engine: the original bytes, once to
every member, in the ledger."""

from __future__ import annotations

import asyncio

from mailbrake.models import DeliveryState, MailoutState
from mailbrake.pipeline.deliver.build import build_worker
from mailbrake.pipeline.held import release
from mailbrake.pipeline.hold import start_due
from tests.fixtures.smtp_sink import SmtpSink
from tests.gateway.conftest import APPROVER, SENDER, Gateway, staff_list
from tests.pipeline.test_deliver_support import fake_sleep, ledger_emails

FLAGGED = (
    b"From: Sam Sender <sam@example.org>\r\n"
    b"To: all-staff@example.org\r\n"
    b"Subject: Team update\r\n"
    b"Message-ID: <update-3@example.org>\r\n"
    b"\r\n"
    b"CONFIDENTIAL - the reorganisation plan is attached for comments.\r\n"
)


def _send(gateway: Gateway, data: bytes) -> int:
    with gateway.connect() as client:
        client.mail(SENDER)
        client.rcpt("all-staff@example.org")
        code, text = client.data(data)
    assert code == 250, text
    return int(text.decode().rsplit(" ", 1)[1])


def _deliver(gateway: Gateway, mailout_id: int) -> None:
    clock = gateway.clock
    worker = build_worker(gateway.store, gateway.settings, clock, sleep=fake_sleep(clock))

    async def run() -> None:
        try:
            await asyncio.wait_for(worker.run(mailout_id=mailout_id), timeout=60)
        finally:
            await worker.transport.close()

    asyncio.run(run())


def test_released_mailout_delivers_the_original_to_every_member_once(
    gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    staff_list(gateway.store, 500)
    mailout_id = _send(gateway, FLAGGED)
    assert gateway.store.get_mailout(mailout_id).state is MailoutState.AWAITING_APPROVAL
    smtp_sink.wait_for(1)  # the sender's notice
    smtp_sink.reset()
    approver = gateway.store.get_user(APPROVER)
    release(gateway.store, gateway.settings, mailout_id, approver, "plan is public now",
            clock=gateway.clock)  # fmt: skip
    gateway.clock.advance(61)  # the undo window for 500 (see make_settings)
    assert start_due(gateway.store, gateway.settings, gateway.clock).started == [mailout_id]
    _deliver(gateway, mailout_id)
    notices = [m for m in smtp_sink.wait_for(501) if list(m.rcpt_tos) == [SENDER]]
    assert len(notices) == 1  # "approved", to the sender
    got = [m for m in smtp_sink.messages if m not in notices]
    members = {f"person{i:04d}@example.org" for i in range(500)}
    assert sorted(r for m in got for r in m.rcpt_tos) == sorted(members)
    assert {m.raw for m in got} == {FLAGGED}  # the original, byte for byte
    assert {m.mail_from for m in got} == {SENDER}
    assert ledger_emails(gateway.store, mailout_id, DeliveryState.SENT) == members
    assert gateway.store.get_mailout(mailout_id).state is MailoutState.DONE
