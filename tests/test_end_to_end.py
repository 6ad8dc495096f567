"""The whole road from the CLI, into the real sink: hold, approve, cancel; send, stop; audit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.cli import Invoke
from tests.fixtures.smtp_sink import SmtpSink

HR_NOTE = (
    "Performance review - Dana Whitfield\n\n"
    "Dana Whitfield is on a performance improvement plan (PIP) until March. Her rating is 2 "
    "of 5 and her salary review is frozen. HR only, do not forward.\n"
)


@pytest.fixture
def road(mbu: Invoke, tmp_path: Path, smtp_sink: SmtpSink, cli_env: dict[str, str]) -> Invoke:
    cli_env["MAILBRAKE_SMTP_URL"] = smtp_sink.url
    cli_env["MAILBRAKE_INTERNAL_DOMAINS"] = '["example.org"]'
    cli_env["MAILBRAKE_UNDO_WINDOW_STEPS"] = "[[100, 0]]"  # no wait: the undo test cancels
    rows = "".join(f"p{i:03}@example.org,Person {i}\n" for i in range(60))
    (tmp_path / "staff.csv").write_text(
        "email,name\n" + rows + "dana.whitfield@example.org,Dana Whitfield\n", encoding="utf-8"
    )
    (tmp_path / "note.txt").write_text(HR_NOTE, encoding="utf-8")
    (tmp_path / "news.txt").write_text("Hello {{ name }}, breakfast is at 8.\n", encoding="utf-8")
    assert mbu("lists", "create", "staff").exit_code == 0
    assert mbu("lists", "import", "staff", "staff.csv").exit_code == 0
    return mbu


def create(mb: Invoke, body: str, subject: str) -> str:
    result = mb(
        "mailouts",
        "create",
        "--list",
        "staff",
        "--from",
        "hr@example.org",
        "--subject",
        subject,
        "--text",
        body,
    )
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def audit_actions(mb: Invoke, mailout_id: str, admin: str) -> list[tuple[str, str]]:
    result = mb("audit", "--mailout", mailout_id, "--format", "json", env={"MAILBRAKE_USER": admin})
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    return [(e["action"], e["details"].get("to", "")) for e in events]


def run_worker(env: dict[str, str], mailout_id: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "mailbrake", "worker", "--mailout", mailout_id]
    return subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL)


def test_hold_approve_cancel_then_send_and_stop(
    road: Invoke, staff_users: dict[str, str], smtp_sink: SmtpSink, cli_env: dict[str, str]
) -> None:
    approver = {"MAILBRAKE_USER": staff_users["approver"]}
    held = create(road, "note.txt", "Review")
    result = road("send", held, "--confirm", "61")
    assert result.exit_code == 0, result.output
    assert "needs approval" in result.stdout
    assert road("approve", held, "--note", "ok").exit_code != 0  # the sender cannot approve
    queue = json.loads(road("approvals", "--format", "json").stdout)
    assert [q["id"] for q in queue] == [int(held)]
    approved = road("approve", held, "--note", "HR asked for it", env=approver)
    assert approved.exit_code == 0, approved.output
    assert road("cancel", held).exit_code == 0
    status = json.loads(road("status", held, "--format", "json").stdout)
    assert status["state"] == "cancelled"
    assert [m for m in smtp_sink.messages if m.message["Subject"] == "Review"] == []

    news = create(road, "news.txt", "Breakfast")
    sent = road("send", news, "--confirm", "61", "--rate", "40/s")
    assert sent.exit_code == 0, sent.output
    env = {**cli_env, "MAILBRAKE_USER": staff_users["sender"]}
    worker = run_worker(env, news)
    try:
        before = len(smtp_sink.messages)
        smtp_sink.wait_for(before + 5, timeout=30)
        stopped = road("stop", news, "--format", "json")
        assert stopped.exit_code == 0, stopped.output
        (incident_id,) = json.loads(stopped.stdout)["incidents"]  # messages had left
        mark = smtp_sink.mark()
    finally:
        try:
            worker.wait(timeout=30)  # it leaves by itself once its mailout is final
        finally:
            worker.kill()
    assert smtp_sink.transactions_after(mark) == []
    status = json.loads(road("status", news, "--format", "json").stdout)
    assert status["state"] == "halted"
    assert 0 < status["counts"]["sent"] < 61

    admin = staff_users["admin"]
    first = audit_actions(road, held, admin)
    assert [a for a in first if a[0] == "mailout.state"] == [
        ("mailout.state", "checked"),
        ("mailout.state", "awaiting_approval"),
        ("mailout.state", "scheduled"),
        ("mailout.state", "cancelled"),
    ]
    assert ("approval.granted", "") in first
    second = [a for a in audit_actions(road, news, admin) if a[0] == "mailout.state"]
    assert [to for _, to in second] == ["checked", "scheduled", "sending", "halted"]
    report = road("incident", "report", str(incident_id), "--format", "json")
    assert report.exit_code == 0, report.output
    facts = json.loads(report.stdout)
    assert facts["incident"]["mailout"] == int(news)
    assert facts["incident"]["automatic"] is True
    assert facts["to_whom"]["counts"]["sent"] == status["counts"]["sent"]
    verify = road("audit", "verify", env={"MAILBRAKE_USER": admin})
    assert verify.exit_code == 0, verify.output
