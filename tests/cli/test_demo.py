"""`mailbrake demo` as a newcomer runs it: a real subprocess ending with mail in the Maildir."""

from __future__ import annotations

import json
import mailbox
import os
import subprocess
import sys
from pathlib import Path


def test_demo_walks_the_road_and_leaves_the_mail_in_the_sink(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILBRAKE_")}
    place = tmp_path / "demo"
    result = subprocess.run(
        [sys.executable, "-m", "mailbrake", "demo", "--dir", str(place), "--recipients", "300"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "canary wave: 100 sent, then paused" in result.stdout
    assert "Verdict: block" in result.stdout
    assert "send refused" in result.stdout
    assert "halted" in result.stdout
    delivered = [m for m in mailbox.Maildir(place / "sink") if m["X-Mailbrake-Mailout"]]
    by_mailout: dict[str, int] = {}
    for message in delivered:
        by_mailout[message["X-Mailbrake-Mailout"]] = (
            by_mailout.get(message["X-Mailbrake-Mailout"], 0) + 1
        )
    assert by_mailout["1"] == 300  # the newsletter, canary and rest
    assert "2" not in by_mailout  # the blocked salary sheet never left
    env["MAILBRAKE_CONFIG"] = str(place / "mailbrake.toml")
    env["MAILBRAKE_TOKEN"] = (place / "it.token").read_text(encoding="utf-8").strip()
    assert (place / "it.token").stat().st_mode & 0o777 == 0o600
    assert 'MAILBRAKE_TOKEN="$(cat' in result.stdout  # the next steps use the demo's token
    status = subprocess.run([sys.executable, "-m", "mailbrake", "status", "3", "--format", "json"],
                            env=env, capture_output=True, text=True, check=True)  # fmt: skip
    counts = json.loads(status.stdout)["counts"]
    assert counts["sent"] == by_mailout["3"]  # the ledger agrees with the sink after the stop
    assert counts["halted"] > 0
    verified = subprocess.run([sys.executable, "-m", "mailbrake", "audit", "verify"],
                              env=env, capture_output=True, text=True)  # fmt: skip
    assert verified.returncode == 0, verified.stderr  # the token signs IT in (audit.read)
