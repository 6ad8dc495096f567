"""CaptureTransport: accepts everything, keeps it in memory and, if asked, in a Maildir."""

from __future__ import annotations

from pathlib import Path

from mailbrake.sink import list_arrivals, read_message
from mailbrake.transport import CaptureTransport
from tests.transport.messages import make_envelope


async def test_capture_keeps_every_envelope_in_order_and_replies_250() -> None:
    capture = CaptureTransport()
    replies = await capture.send_many([make_envelope(n) for n in range(3)])
    assert [r.code for r in replies] == [250, 250, 250]
    assert capture.recipients() == [f"reader{n}@example.net" for n in range(3)]
    assert capture.envelopes[1] == make_envelope(1)


async def test_capture_into_a_maildir_is_listable_like_the_sink(tmp_path: Path) -> None:
    body = b"Subject: captured\r\n\r\n.dot stays as is\r\n"
    capture = CaptureTransport(maildir=tmp_path / "captured")
    await capture.send(make_envelope(1, body=body))
    await capture.close()
    [arrival] = list_arrivals(tmp_path / "captured").arrivals
    assert (arrival.subject, arrival.rcpt_tos) == ("captured", ("reader1@example.net",))
    assert read_message(tmp_path / "captured", arrival) == body
