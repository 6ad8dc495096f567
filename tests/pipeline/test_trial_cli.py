"""`mailbrake test-send` on the command line: a refusal is one clear message, not a traceback."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.cli import Invoke
from tests.fixtures.smtp_sink import SmtpSink


def test_test_send_to_an_outsider_exits_with_the_reason_and_sends_nothing(
    mbu: Invoke, tmp_path: Path, cli_env: dict[str, str], smtp_sink: SmtpSink
) -> None:
    cli_env["MAILBRAKE_SMTP_URL"] = smtp_sink.url
    (tmp_path / "p.csv").write_text("email,name\nann@example.org,Ann\n", encoding="utf-8")
    (tmp_path / "body.txt").write_text("Hello {{ name }}\n", encoding="utf-8")
    mbu("lists", "create", "staff")
    mbu("lists", "import", "staff", "p.csv")
    created = mbu(
        "mailouts", "create", "--list", "staff", "--from", "hr@example.org",
        "--subject", "Hi", "--text", "body.txt",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    result = mbu("test-send", "1", "--to", "outsider@external.example.com")
    assert result.exit_code == 1
    assert "refused: a test copy may go to only your own address" in result.stderr
    assert "Leave out --to" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert smtp_sink.messages == []
