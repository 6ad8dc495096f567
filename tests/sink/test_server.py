"""start_sink: a real SMTP server that stores exact bytes in a Maildir and indexes envelopes."""

from __future__ import annotations

import json
import mailbox
import socket
from pathlib import Path

import pytest

from mailbrake.models import Envelope
from mailbrake.sink import SinkError, start_sink
from mailbrake.transport import SmtpTransport

BODY = (
    b"Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n"
    b"From: news@example.org\r\n\r\n"
    b".a line with a leading dot\r\n"
    b"8-bit: \xc3\xa9t\xc3\xa9\r\n"
)


def envelope(n: int, body: bytes = BODY) -> Envelope:
    return Envelope("news@example.org", f"reader{n}@example.net", body, f"<{n}@example.org>")


async def test_messages_land_in_the_maildir_with_the_exact_bytes(tmp_path: Path) -> None:
    with start_sink("127.0.0.1", 0, tmp_path / "sink") as sink:
        async with SmtpTransport(sink.url) as sender:
            reply = await sender.send(envelope(1))
            assert sender.path == "pipelined"  # the sink advertises PIPELINING
        assert sink.count() == 1
    assert (reply.code, reply.text) == (250, "2.0.0 Ok: stored as 1")
    box = mailbox.Maildir(tmp_path / "sink", create=False)
    [key] = box.keys()
    assert box.get_bytes(key) == BODY
    [line] = (tmp_path / "sink" / "index.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["key"] == key
    assert (record["number"], record["from"], record["to"]) == (
        1,
        "news@example.org",
        ["reader1@example.net"],
    )
    assert (record["subject"], record["size"]) == ("Grüße", len(BODY))


async def test_many_messages_are_each_stored_once(tmp_path: Path) -> None:
    envelopes = [envelope(n, f"Subject: {n}\r\n\r\nbody\r\n".encode()) for n in range(300)]
    with start_sink("127.0.0.1", 0, tmp_path) as sink:
        async with SmtpTransport(sink.url, pool_size=4) as sender:
            replies = await sender.send_many(envelopes)
        assert sink.count() == 300
    assert all(r.code == 250 for r in replies)
    records = [json.loads(x) for x in (tmp_path / "index.jsonl").read_text().splitlines()]
    assert sorted(r["number"] for r in records) == list(range(1, 301))
    assert sorted(r["subject"] for r in records) == sorted(str(n) for n in range(300))
    assert len(mailbox.Maildir(tmp_path, create=False)) == 300


async def test_sink_accepts_a_login_whatever_it_is(tmp_path: Path) -> None:
    with start_sink("127.0.0.1", 0, tmp_path) as sink:
        url = f"smtp://someone:anything@127.0.0.1:{sink.port}"
        async with SmtpTransport(url) as sender:
            assert (await sender.send(envelope(1))).code == 250


def test_port_in_use_raises_a_sink_error_naming_the_address(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SinkError) as info:
            start_sink("127.0.0.1", port, tmp_path)
    assert str(info.value) == (
        f"Cannot listen on 127.0.0.1:{port}: Address already in use. "
        "Stop the program using that port or pick another one with --port."
    )


def test_a_file_where_the_maildir_should_be_raises_a_sink_error(tmp_path: Path) -> None:
    target = tmp_path / "not-a-dir"
    target.write_text("x")
    with pytest.raises(SinkError, match=r"Cannot use .*not-a-dir as the sink's Maildir"):
        start_sink("127.0.0.1", 0, target)


def test_numbering_continues_after_a_restart(tmp_path: Path) -> None:
    from mailbrake.sink import SinkStore

    SinkStore(tmp_path).add("a@example.org", ["b@example.net"], b"Subject: one\r\n\r\n")
    second = SinkStore(tmp_path).add("a@example.org", ["c@example.net"], b"Subject: two\r\n\r\n")
    assert second.number == 2
