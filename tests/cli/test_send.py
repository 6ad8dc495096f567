"""`mailbrake send/worker/status/ledger/stop/resume/resend-uncertain` through the real CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from tests.fixtures.cli import Invoke
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_deliver_support import addresses, scheduled_mailout

from mailbrake.store import Store


@pytest.fixture
def mailout(cli_env: dict[str, str], staff_users: dict[str, str]) -> int:
    """A scheduled mailout to 6 people."""
    store = Store.open(cli_env["MAILBRAKE_DATABASE_URL"])
    store.set_audit_secret(cli_env["MAILBRAKE_SECRET_KEY"].encode())
    try:
        return scheduled_mailout(store, 6)
    finally:
        store.close()


def test_send_canary_resume_and_read_the_ledger(
    mbu: Invoke, mailout: int, smtp_sink: SmtpSink
) -> None:
    smtp = {"MAILBRAKE_SMTP_URL": smtp_sink.url}
    sent = mbu("send", str(mailout), "--canary", "2")
    assert sent.exit_code == 0, sent.output
    assert f"Mailout {mailout} is sending: 6 recipients in 2 wave(s)." in sent.stdout

    assert mbu("worker", "--mailout", str(mailout), env=smtp).exit_code == 0
    paused = mbu("status", str(mailout))
    assert "paused because: canary wave done" in paused.stdout
    assert "2 sent" in paused.stdout

    resumed = mbu("resume", str(mailout))
    assert "wave 2 of 2" in resumed.stdout
    assert mbu("worker", "--mailout", str(mailout), env=smtp).exit_code == 0

    status = json.loads(mbu("status", str(mailout), "--format", "json").stdout)
    assert status["state"] == "done"
    assert status["counts"]["sent"] == 6
    rows = list(csv.DictReader(io.StringIO(mbu("ledger", str(mailout), "--format", "csv").stdout)))
    assert sorted(r["email"] for r in rows) == addresses(6)
    assert {r["state"] for r in rows} == {"sent"}
    as_json = json.loads(mbu("ledger", str(mailout), "--format", "json").stdout)
    assert len(as_json) == 6
    assert as_json[0]["smtp_code"] == 250
    one = mbu("ledger", str(mailout), "--email", addresses(6)[1])
    assert "was accepted by the relay" in one.stdout
    assert as_json[1]["message_id"] in one.stdout
    table = mbu("ledger", str(mailout), "--state", "failed").stdout
    assert table.splitlines()[0].startswith("EMAIL")
    assert len(table.splitlines()) == 1


def test_stop_reports_what_was_halted_and_refuses_a_resend(mbu: Invoke, mailout: int) -> None:
    assert mbu("send", str(mailout)).exit_code == 0

    stopped = mbu("stop", str(mailout), "--format", "json")

    assert stopped.exit_code == 0, stopped.output
    report = json.loads(stopped.stdout)
    assert report["stopped"][0]["to"] == "cancelled"
    assert report["stopped"][0]["halted"] == 6
    assert report["unacknowledged"] == []
    refused = mbu("resend-uncertain", str(mailout))
    assert refused.exit_code == 1
    assert "cancelled" in refused.stderr
    assert "Mailout" in mbu("stop", str(mailout)).stdout  # a second stop is harmless
    assert mbu("stop").exit_code != 0


def test_stop_works_for_someone_the_cli_cannot_identify(mb: Invoke, mailout: int) -> None:
    stopped = mb("stop", "--all", env={"MAILBRAKE_USER": "nobody@example.org"})
    assert stopped.exit_code == 0, stopped.output
    assert "scheduled -> cancelled" in stopped.stdout


def test_send_wait_starts_local_workers_and_reports_the_end(
    mbu: Invoke, mailout: int, smtp_sink: SmtpSink
) -> None:
    result = mbu(
        "send", str(mailout), "--wait", "--workers", "2",
        env={"MAILBRAKE_SMTP_URL": smtp_sink.url},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Mailout {mailout} is done: 6 sent, 0 failed, 0 uncertain." in result.stdout
    assert sorted(smtp_sink.recipients()) == addresses(6)


def test_a_bad_rate_is_refused_with_the_option_named(mbu: Invoke, mailout: int) -> None:
    result = mbu("send", str(mailout), "--rate", "fast")
    assert result.exit_code == 1
    assert "--rate" in result.stderr


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--rate", "0"), "--rate"),
        (("--canary-wait", "-1"), "--canary-wait"),
        (("--waves", "rest,10%"), "--waves"),
        (("--canary", "none"), "--canary"),
    ],
)
def test_a_bad_delivery_option_is_named_as_the_flag_typed(
    mbu: Invoke, mailout: int, args: tuple[str, str], flag: str
) -> None:
    result = mbu("send", str(mailout), *args)
    assert result.exit_code == 1
    assert f"Error: {flag}: " in result.stderr
