"""`send --wait` tells a script the truth: a fault pause is a failure, a planned wave is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.fixtures.cli import Invoke
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
