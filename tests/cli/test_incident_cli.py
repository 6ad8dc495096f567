"""`mailbrake incident ...` end to end through the real CLI, database and SMTP sink."""

from __future__ import annotations

import asyncio
import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.fixtures.cli import Invoke
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_deliver_support import make_worker, run_mailout

from mailbrake.cli import main
from mailbrake.cli.incident import incident
from mailbrake.cli.serve import serve
from mailbrake.models import MailoutContent, MailoutState, NewSubscriber
from mailbrake.pipeline.deliver import DeliveryOptions, start_sending
from mailbrake.pipeline.stop import stop_mailouts
from mailbrake.settings import Settings
from mailbrake.store import Store

# Until the lead registers them in mailbrake.cli (a no-op from then on).
for command in (incident, serve):
    if command.name not in main.commands:
        main.add_command(command)


@pytest.fixture
def stopped(
    cli_env: dict[str, str], staff_users: dict[str, str], smtp_sink: SmtpSink
) -> dict[str, str]:
    """Mailout 1: 30 recipients, a canary of 10 delivered to the sink, then stopped."""
    url = cli_env["MAILBRAKE_DATABASE_URL"]
    store = Store.open(url, clock=FakeClock())
    store.set_audit_secret(cli_env["MAILBRAKE_SECRET_KEY"].encode())
    try:
        staff = store.create_list("staff")
        store.add_subscribers(staff.id, [NewSubscriber(f"p{i}@example.org") for i in range(30)])
        content = MailoutContent("sender@example.org", "Salaries", "Dana earns 85,000.\n")
        mailout_id = store.create_mailout(staff.id, content, created_by=staff_users["sender"])
        store.change_state(mailout_id, MailoutState.CHECKED)
        store.change_state(mailout_id, MailoutState.SCHEDULED)
        start_sending(store, mailout_id, DeliveryOptions.build(canary="10"))
        settings = Settings(
            database_url=url, smtp_url=smtp_sink.url, secret_key="test-secret-0123456789"
        )
        worker = make_worker(store, settings, store.clock)
        asyncio.run(run_mailout(worker, mailout_id))
        stop_mailouts(store, [mailout_id])
    finally:
        store.close()
    return {**cli_env, "MAILBRAKE_SMTP_URL": smtp_sink.url}


def test_open_report_followup_close(
    mbu: Invoke, stopped: dict[str, str], smtp_sink: SmtpSink, tmp_path: Path
) -> None:
    env = {"MAILBRAKE_SMTP_URL": stopped["MAILBRAKE_SMTP_URL"]}

    opened = mbu("incident", "open", "1", "--summary", "Salaries went to all staff", env=env)
    assert opened.exit_code == 0, opened.output
    assert "Incident 1 opened" in opened.output
    assert "Told admin@example.org" in opened.output
    assert any("admin@example.org" in m.rcpt_tos for m in smtp_sink.messages)

    shown = mbu("incident", "report", "1", "--format", "html", "--output", "r.html",
                "--recipients", "r.csv", env=env)  # fmt: skip
    assert shown.exit_code == 0, shown.output
    HTMLParser().feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    rows = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8")))
    assert sum(r["received"] == "yes" for r in rows) == 10
    assert len(rows) == 30

    data = json.loads(mbu("incident", "report", "1", "--format", "json", env=env).output)
    assert data["to_whom"]["received"] == 10

    (tmp_path / "fix.txt").write_text("Please delete it: {{ confirm_url }}\n", encoding="utf-8")
    fixed = mbu("incident", "followup", "1", "--text", "fix.txt", env=env)
    assert fixed.exit_code == 0, fixed.output
    assert "Correction mailout 2: 10 recipients" in fixed.output

    refused = mbu("incident", "close", "1", "--note", "All deleted.", env=env)
    assert refused.exit_code == 4  # a sender may not close an incident
    closed = mbu("incident", "close", "1", "--note", "All deleted.",
                 env={**env, "MAILBRAKE_USER": "approver@example.org"})  # fmt: skip
    assert closed.exit_code == 0, closed.output

    again = mbu("incident", "notify", "1", env=env)
    assert again.exit_code == 1
    assert "closed incidents are read-only" in again.output
    listed = json.loads(mbu("incident", "list", "--format", "json").output)
    assert [(i["id"], i["state"]) for i in listed] == [(1, "closed")]


def test_unknown_incident_and_missing_summary_are_clear_errors(
    mbu: Invoke, stopped: dict[str, str]
) -> None:
    missing = mbu("incident", "report", "99")
    assert missing.exit_code == 1
    assert "No incident 99" in missing.output
    assert "Traceback" not in missing.output

    blank = mbu("incident", "open", "1", "--summary", " ", "--no-notify")
    assert blank.exit_code == 1
    assert "--summary" in blank.output
