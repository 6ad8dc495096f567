"""Bulk mail and mail with findings is held as a gateway mailout, or blocked with 550."""

from __future__ import annotations

import re
import smtplib
import socket
from email.message import EmailMessage

import pytest

from mailbrake.errors import MailbrakeError
from mailbrake.models import GatewayDisposition, MailoutState
from mailbrake.people import Role
from mailbrake.pipeline.held import dismiss, release
from tests.fixtures.remarks import MODEL_ONLY_REMARK
from tests.fixtures.smtp_sink import SmtpSink
from tests.gateway.conftest import ADMIN, APPROVER, SENDER, Gateway, staff_list

NEWSLETTER = (
    b"From: Sam Sender <sam@example.org>\r\n"
    b"To: all-staff@example.org\r\n"
    b"Subject: Canteen opening hours\r\n"
    b"Message-ID: <canteen-7@example.org>\r\n"
    b"\r\n"
    b"The canteen opens at 8:00 from Monday.\r\n"
)
CARD = "4556 7375 8689 9855"  # Luhn-valid, not a well-known test number


def _held_reply(client: smtplib.SMTP, rcpts: list[str], data: bytes) -> tuple[int, str]:
    client.mail(SENDER)
    for rcpt in rcpts:
        client.rcpt(rcpt)
    code, text = client.data(data)
    return code, text.decode()


def test_mail_to_a_list_address_is_held_with_a_notice_and_nothing_else(
    gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    staff_list(gateway.store, 500)
    with gateway.connect() as client:
        code, text = _held_reply(client, ["all-staff@example.org"], NEWSLETTER)
    assert code == 250
    assert "held as mailout" in text
    mailout_id = int(text.rsplit(" ", 1)[1])
    [notice] = smtp_sink.wait_for(1)
    assert list(notice.rcpt_tos) == [SENDER]
    body = notice.message.get_body().get_content()
    assert f"mailout {mailout_id}" in body
    assert "500 (0 external)" in body
    assert f"mailbrake cancel {mailout_id}" in body
    assert "/held/" in body
    mailout = gateway.store.get_mailout(mailout_id)
    assert mailout.state is MailoutState.SCHEDULED  # clean: it waits out its undo window
    assert gateway.store.count_recipients(mailout.list_id) == 500
    original = gateway.store.gateway_original(mailout_id)
    assert original is not None
    assert original.data == NEWSLETTER
    assert original.envelope_rcpts == ("all-staff@example.org",)
    [record] = gateway.store.gateway_messages()
    assert record.disposition is GatewayDisposition.HELD
    assert record.mailout_id == mailout_id


def test_card_number_in_an_attached_sheet_to_external_recipients_is_blocked(
    gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = ", ".join(f"p{i}@client{i}.example.com" for i in range(5))
    message["Subject"] = "Figures"
    message.set_content("Here are the figures you asked for.")
    sheet = f"name,card\nAnn Smith,{CARD}\n".encode()
    message.add_attachment(sheet, maintype="text", subtype="csv", filename="cards.csv")
    rcpts = [f"p{i}@client{i}.example.com" for i in range(5)]
    with gateway.connect() as client, pytest.raises(smtplib.SMTPDataError) as info:
        client.sendmail(SENDER, rcpts, message.as_bytes())
    assert info.value.smtp_code == 550
    assert b"rule" in info.value.smtp_error
    assert smtp_sink.messages == []
    [record] = gateway.store.gateway_messages()
    assert record.disposition is GatewayDisposition.BLOCKED


def test_malformed_mime_is_held_as_unscannable_and_the_connection_stays_usable(
    gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    broken = (
        b"From: sam@example.org\r\nTo: a@example.org\r\nSubject: broken\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="XX"\r\n\r\n'
        b"--XX\r\nContent-Type: application/vnd.openxmlformats-officedocument."
        b"spreadsheetml.sheet\r\nContent-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="pay.xlsx"\r\n\r\n'
        b"UEsDBBQ!!!not base64 at all\r\n"
    )
    with gateway.connect() as client:
        code, text = _held_reply(client, ["a@example.org"], broken)
        assert code == 250
        assert "held as mailout" in text
        client.sendmail(SENDER, ["b@example.org"], NEWSLETTER.replace(b"all-staff", b"b"))
    mailout_id = int(text.rsplit(" ", 1)[1])
    assert gateway.store.get_mailout(mailout_id).state is MailoutState.AWAITING_APPROVAL
    check = gateway.store.latest_check(mailout_id)
    assert check is not None
    assert any(f.category == "unscannable" for f in check.findings)
    relayed = [m for m in smtp_sink.wait_for(2) if "b@example.org" in m.rcpt_tos]
    assert len(relayed) == 1


def test_emergency_switch_defers_bulk_submissions(gateway: Gateway, smtp_sink: SmtpSink) -> None:
    staff_list(gateway.store, 30)
    gateway.store.set_emergency(True, actor="ada@example.org", reason="wrong list")
    with gateway.connect() as client, pytest.raises(smtplib.SMTPDataError) as info:
        client.sendmail(SENDER, ["all-staff@example.org"], NEWSLETTER)
    assert info.value.smtp_code == 451
    assert b"4.7.1" in info.value.smtp_error
    assert smtp_sink.messages == []


def test_cancel_leaves_only_the_notice_and_release_schedules_it(
    gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    staff_list(gateway.store, 40)
    with gateway.connect() as client:
        _, first = _held_reply(client, ["all-staff@example.org"], NEWSLETTER)
        _, second = _held_reply(client, ["all-staff@example.org"], NEWSLETTER)
    first_id, second_id = (int(t.rsplit(" ", 1)[1]) for t in (first, second))
    smtp_sink.wait_for(2)  # the two notices
    approver = gateway.store.get_user(APPROVER)
    dismiss(gateway.store, gateway.settings, first_id, approver, "sent twice by mistake",
            tell_sender=False)  # fmt: skip
    assert gateway.store.get_mailout(first_id).state is MailoutState.CANCELLED
    assert len(smtp_sink.messages) == 2  # nothing but the notices
    gateway.store.set_role(APPROVER, Role.APPROVER, actor="test")
    mailout = gateway.store.get_mailout(second_id)
    gateway.store.change_state(second_id, MailoutState.CHECKED, actor="test")
    held = release(
        gateway.store, gateway.settings, second_id, approver, "fine", clock=gateway.clock
    )
    assert held.state is MailoutState.SCHEDULED
    assert mailout.list_id
    events = [e.action for e in gateway.store.iter_events("mailout", second_id)]
    assert "mailout.created" in events


def test_a_client_stalled_mid_data_does_not_block_others(
    gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    with gateway.connect() as stalled:
        stalled.mail(SENDER)
        stalled.rcpt("a@example.org")
        stalled.putcmd("DATA")
        assert stalled.getreply()[0] == 354
        stalled.send(b"From: sam@example.org\r\nSubject: half\r\n\r\nhalf a mess")  # no dot
        with gateway.connect() as other:
            other.sendmail(SENDER, ["b@example.org"], NEWSLETTER.replace(b"all-staff", b"b"))
        [got] = smtp_sink.wait_for(1)
        assert list(got.rcpt_tos) == ["b@example.org"]
        stalled.sock.shutdown(socket.SHUT_RDWR)


def test_the_sender_cannot_release_their_own_held_message(
    gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    staff_list(gateway.store, 40)
    with gateway.connect() as client:
        _, text = _held_reply(client, ["all-staff@example.org"], NEWSLETTER)
    mailout_id = int(text.rsplit(" ", 1)[1])
    gateway.store.change_state(mailout_id, MailoutState.CHECKED, actor="test")
    gateway.store.set_role(SENDER, Role.APPROVER, actor="test")  # even as an approver
    sender = gateway.store.get_user(SENDER)
    with pytest.raises(MailbrakeError, match="four eyes"):
        release(gateway.store, gateway.settings, mailout_id, sender, "mine", clock=gateway.clock)
    assert gateway.store.get_mailout(mailout_id).state is MailoutState.CHECKED


def test_a_remark_only_the_meaning_model_reads_is_held_and_not_relayed(
    gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = "a@example.org, b@example.org, c@example.org"
    message["Subject"] = "Re: vrijdag"
    message.set_content(MODEL_ONLY_REMARK)
    rcpts = ["a@example.org", "b@example.org", "c@example.org"]
    with gateway.connect() as client:
        code, text = _held_reply(client, rcpts, message.as_bytes())
    assert code == 250
    assert "held as mailout" in text
    mailout_id = int(text.rsplit(" ", 1)[1])
    check = gateway.store.latest_check(mailout_id)
    assert check is not None
    [remark] = [f for f in check.findings if f.detector == "meaning"]
    assert remark.category == "gossip"
    assert not [f for f in check.findings if f.detector != "meaning"]
    # The sender's notice and the approvers' requests; nothing reaches a, b or c.
    notices = smtp_sink.wait_for(3)
    assert sorted(r for m in notices for r in m.rcpt_tos) == sorted([SENDER, APPROVER, ADMIN])
    [told] = [m for m in notices if list(m.rcpt_tos) == [SENDER]]
    body = told.message.get_body().get_content()
    assert re.search(r"gossip: gossip_meaning in body/line 1: .*\(model score 0\.\d\d\)", body)
