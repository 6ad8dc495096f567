"""`mailbrake sink`, `sink list` and `sink show` through click, and a real Ctrl-C."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mailbrake.cli.context import AppContext
from mailbrake.cli.sink import sink
from mailbrake.models import Envelope
from mailbrake.settings import load_settings
from mailbrake.sink import SinkStore
from mailbrake.transport import SmtpTransport

MESSAGE = b"Subject: Quarterly update\r\nFrom: news@example.org\r\n\r\nHello.\r\n"


def run(directory: Path, *args: str) -> Result:
    app = AppContext(settings=load_settings(sink_dir=directory))
    return CliRunner().invoke(sink, list(args), obj=app)


def test_list_shows_what_arrived(tmp_path: Path) -> None:
    SinkStore(tmp_path).add("news@example.org", ["ann@example.net"], MESSAGE)
    result = run(tmp_path, "list")
    assert result.exit_code == 0, result.output
    assert "Quarterly update" in result.output
    assert "news@example.org" in result.output
    assert "ann@example.net" in result.output


def test_list_of_an_empty_sink_says_so(tmp_path: Path) -> None:
    result = run(tmp_path / "sink", "list")
    assert result.exit_code == 0
    assert "Nothing has arrived in" in result.output


def test_list_limit_says_how_many_are_hidden(tmp_path: Path) -> None:
    store = SinkStore(tmp_path)
    for n in range(3):
        store.add("news@example.org", [f"r{n}@example.net"], MESSAGE)
    result = run(tmp_path, "list", "--limit", "1")
    assert "Latest 1 of 3; --limit 0 lists all." in result.output


def test_show_prints_the_message_exactly(tmp_path: Path) -> None:
    SinkStore(tmp_path).add("news@example.org", ["ann@example.net"], MESSAGE)
    result = run(tmp_path, "show", "1")
    assert result.exit_code == 0
    assert result.stdout_bytes == MESSAGE


def test_show_of_an_unknown_message_is_one_clear_line(tmp_path: Path) -> None:
    SinkStore(tmp_path)
    result = run(tmp_path, "show", "42")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: No message '42'. List what arrived in")
    assert "mailbrake sink list" in line


def test_port_in_use_is_one_clear_line_not_a_traceback(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(tmp_path, "--port", str(port))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines() == [
        f"Error: Cannot listen on 127.0.0.1:{port}: Address already in use. "
        "Stop the program using that port or pick another one with --port."
    ]


SERVE = """
import sys
from mailbrake.cli.context import AppContext
from mailbrake.cli.sink import sink
from mailbrake.settings import load_settings
sink.main(sys.argv[1:], obj=AppContext(settings=load_settings()), prog_name="mailbrake sink")
"""


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
async def test_foreground_sink_prints_each_arrival_and_stops_cleanly(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SERVE, "--port", "0", "--dir", str(tmp_path / "box"),
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None
    try:
        first = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode()
        if not first.startswith("Listening on smtp://127.0.0.1:"):
            pytest.fail(f"No listening line: {first!r} {(await proc.communicate())[1]!r}")
        url = first.split()[2].rstrip(",")
        async with SmtpTransport(url) as sender:
            envelope = Envelope("news@example.org", "ann@example.net", MESSAGE, "<1@x>")
            assert (await sender.send(envelope)).code == 250
        arrival = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode()
        assert "#1  news@example.org -> ann@example.net  Quarterly update" in arrival
    finally:
        proc.send_signal(stop_signal)
        out, err = await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err
    assert out.decode().strip().splitlines()[-1] == "Stopped. 1 message arrived."


def test_dir_given_to_the_group_applies_to_list(tmp_path: Path) -> None:
    SinkStore(tmp_path / "elsewhere").add("news@example.org", ["ann@example.net"], MESSAGE)
    result = run(tmp_path / "default", "--dir", str(tmp_path / "elsewhere"), "list")
    assert "Quarterly update" in result.output
