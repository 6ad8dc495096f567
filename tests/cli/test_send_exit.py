"""`send --wait` tells a script the truth: a fault pause is a failure, a planned wave is not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.fixtures.cli import STAFF, Invoke
from tests.fixtures.smtp_sink import SmtpSink


@pytest.fixture
def small(mbu: Invoke, tmp_path: Path) -> Invoke:
    rows = "".join(f"p{i}@example.org,P{i}\n" for i in range(6))
    (tmp_path / "p.csv").write_text("email,name\n" + rows, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Hello {{ name }}\n", encoding="utf-8")
    mbu("lists", "create", "small")
    mbu("lists", "import", "small", "p.csv")
    created = mbu("mailouts", "create", "--list", "small", "--from", "hr@example.org",
                  "--subject", "Hi", "--text", "b.txt")  # fmt: skip
    assert created.exit_code == 0, created.output
    return mbu


def test_a_dead_relay_pauses_the_mailout_and_fails_the_command(
    small: Invoke, dead_smtp_url: str
) -> None:
    result = small("send", "1", "--wait", env={"MAILBRAKE_SMTP_URL": dead_smtp_url})
    assert result.exit_code == 1
    assert "relay unreachable" in result.stdout
    assert "0 sent" in result.stdout


def test_a_planned_canary_pause_is_a_success(small: Invoke, smtp_sink: SmtpSink) -> None:
    result = small("send", "1", "--wait", "--canary", "2", "--waves", "rest",
                   env={"MAILBRAKE_SMTP_URL": smtp_sink.url})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "canary wave done" in result.stdout
    assert len(smtp_sink.messages) == 2


def test_resume_of_a_scheduled_mailout_says_it_starts_by_itself(
    small: Invoke, smtp_sink: SmtpSink
) -> None:
    sent = small("send", "1", env={"MAILBRAKE_SMTP_URL": smtp_sink.url,
                                   "MAILBRAKE_UNDO_WINDOW_STEPS": "[[1, 0]]"})  # fmt: skip
    assert sent.exit_code == 0, sent.output
    result = small("resume", "1")
    assert result.exit_code == 1
    assert "in its undo window and starts by itself" in result.stderr
    assert "cancel 1" in result.stderr


def test_send_wait_fails_when_every_recipient_is_refused(
    small: Invoke, smtp_sink: SmtpSink
) -> None:
    smtp_sink.fail_rcpt(None, code=550)
    result = small("send", "1", "--wait", env={"MAILBRAKE_SMTP_URL": smtp_sink.url})
    assert "0 sent, 6 failed" in result.stdout
    assert result.exit_code == 1
    assert "none of 6 message(s) was accepted" in result.stderr
    assert "ledger 1 --state failed" in result.stderr


def test_send_wait_fails_when_failures_pass_the_failure_threshold(
    small: Invoke, smtp_sink: SmtpSink
) -> None:
    smtp_sink.fail_rcpt(lambda a: a in ("p0@example.org", "p1@example.org"), code=550)
    result = small("send", "1", "--wait", env={"MAILBRAKE_SMTP_URL": smtp_sink.url})
    assert "4 sent, 2 failed" in result.stdout
    assert result.exit_code == 1
    assert "2 of 6 message(s) failed (33%, above 20%)" in result.stderr


def test_send_wait_succeeds_with_failures_under_the_threshold(
    small: Invoke, smtp_sink: SmtpSink
) -> None:
    smtp_sink.fail_rcpt("p0@example.org", code=550)
    result = small("send", "1", "--wait", env={"MAILBRAKE_SMTP_URL": smtp_sink.url})
    assert "5 sent, 1 failed" in result.stdout
    assert result.exit_code == 0, result.output


def test_status_of_a_mailout_awaiting_approval_counts_the_list(small: Invoke) -> None:
    admin = {"MAILBRAKE_USER": STAFF["admin"]}
    assert small("emergency", "on", "--reason", "drill", env=admin).exit_code == 0
    held = small("send", "1")
    assert "needs approval" in held.stdout, held.output
    text = small("status", "1")
    assert "awaiting_approval" in text.stdout
    assert "recipients: 6 (not started)" in text.stdout
    as_json = json.loads(small("status", "1", "--format", "json").stdout)
    assert as_json["total"] == 6
    assert as_json["wave"] is None


@pytest.mark.parametrize("command", ["resume", "resend-uncertain"])
def test_resume_and_resend_uncertain_agree_that_a_halted_mailout_is_final(
    small: Invoke, smtp_sink: SmtpSink, command: str
) -> None:
    smtp = {"MAILBRAKE_SMTP_URL": smtp_sink.url}
    sent = small("send", "1", "--wait", "--canary", "2", "--waves", "rest", env=smtp)
    assert sent.exit_code == 0, sent.output
    assert small("stop", "1").exit_code == 0
    assert json.loads(small("status", "1", "--format", "json").stdout)["state"] == "halted"
    result = small(command, "1")
    assert result.exit_code == 1
    assert "Mailout 1 is halted, which is final" in result.stderr
    assert "incident open 1" in result.stderr


@pytest.mark.parametrize(("command", "flag"), [("approve", "--note"), ("reject", "--reason")])
def test_an_empty_approval_note_is_named_as_the_commands_option(
    small: Invoke, command: str, flag: str
) -> None:
    admin = {"MAILBRAKE_USER": STAFF["admin"]}
    assert small("emergency", "on", "--reason", "drill", env=admin).exit_code == 0
    assert "needs approval" in small("send", "1").stdout
    result = small(command, "1", flag, " ", env={"MAILBRAKE_USER": STAFF["approver"]})
    assert result.exit_code == 1
    assert f"Error: {flag}: say why" in result.stderr
