"""Every command that changes something runs as a user whose role allows it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.fixtures.cli import Invoke
from tests.fixtures.smtp_sink import SmtpSink

MUTATING = [
    ("lists", "create", "x"),
    ("mailouts", "create", "--list", "staff", "--from", "a@example.org", "--subject", "s",
     "--text", "body.txt"),
    ("check", "1"),
    ("send", "1"),
    ("approve", "1", "--note", "ok"),
    ("reject", "1", "--reason", "no"),
    ("cancel", "1"),
    ("test-send", "1"),
    ("users", "add", "x@example.org", "--name", "X", "--role", "sender"),
    ("emergency", "on", "--reason", "test"),
]  # fmt: skip


@pytest.fixture
def draft(mbu: Invoke, tmp_path: Path, cli_env: dict[str, str], smtp_sink: SmtpSink) -> Invoke:
    cli_env["MAILBRAKE_SMTP_URL"] = smtp_sink.url
    (tmp_path / "p.csv").write_text("email,name\nann@example.org,Ann\n", encoding="utf-8")
    (tmp_path / "body.txt").write_text("Hello {{ name }}\n", encoding="utf-8")
    mbu("lists", "create", "staff")
    mbu("lists", "import", "staff", "p.csv")
    result = mbu("mailouts", "create", "--list", "staff", "--from", "hr@example.org",
                 "--subject", "Hi", "--text", "body.txt")  # fmt: skip
    assert result.exit_code == 0, result.output
    return mbu


@pytest.mark.parametrize("args", MUTATING, ids=lambda a: " ".join(a[:2]))
def test_nobody_named_means_nothing_happens(draft: Invoke, args: tuple[str, ...]) -> None:
    result = draft(*args, env={"MAILBRAKE_USER": ""})
    assert result.exit_code == 4
    assert "needs to know who you are" in result.stderr
    assert "`mailbrake login`" in result.stderr
    assert "MAILBRAKE_TOKEN" in result.stderr
    assert "Traceback" not in result.output
    status = json.loads(draft("status", "1", "--format", "json").stdout)
    assert status["state"] == "draft"


@pytest.mark.parametrize(
    "args", [a for a in MUTATING if a[0] in ("approve", "reject", "users", "emergency")],
    ids=lambda a: a[0],
)  # fmt: skip
def test_a_sender_is_refused_what_needs_a_higher_role(draft: Invoke, args: tuple[str, ...]) -> None:
    result = draft(*args)
    assert result.exit_code == 4
    assert "sender@example.org" in result.stderr
    assert "sender" in result.stderr


def test_a_name_without_a_token_is_named_and_refused(draft: Invoke) -> None:
    result = draft("lists", "create", "x", env={"MAILBRAKE_USER": "ghost@example.org"})
    assert result.exit_code == 4
    assert "the name ghost@example.org alone proves nothing" in result.stderr


def test_test_send_goes_to_the_sender_marked_and_outside_the_ledger(
    draft: Invoke, smtp_sink: SmtpSink
) -> None:
    result = draft("test-send", "1")
    assert result.exit_code == 0, result.output
    (received,) = smtp_sink.wait_for(1)
    assert list(received.rcpt_tos) == ["sender@example.org"]
    assert received.message["X-Mailbrake-Test"] == "yes"
    assert received.message["Subject"] == "[TEST] Hi"
    status = json.loads(draft("status", "1", "--format", "json").stdout)
    assert status["state"] == "checked"  # test-send checks a never-checked mailout first
    assert sum(status["counts"].values()) == 0
    audit = draft("audit", "--mailout", "1", env={"MAILBRAKE_USER": "admin@example.org"})
    assert "mailout.test_send" in audit.stdout
