"""`mailbrake audit` and `mailbrake emergency` through the real click command."""

from __future__ import annotations

import json

import sqlalchemy as sa
from tests.fixtures.cli import ANN, BOSS, Invoke

from mailbrake.models import MailoutContent, MailoutState
from mailbrake.store import Store


def test_timeline_lists_who_did_what(staffed: Invoke) -> None:
    result = staffed("audit", "--format", "json", env=BOSS)
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert [(e["id"], e["actor"], e["action"], e["object_id"]) for e in events] == [
        (1, "system", "settings.changed", "mailbrake"),  # the settings as first seen
        (2, "boss@example.org", "user.added", "boss@example.org"),
        (3, "boss@example.org", "user.added", "ann@example.org"),
    ]
    table = staffed("audit", env=BOSS)
    assert "user.added" in table.stdout
    assert "ann@example.org" in table.stdout


def test_timeline_for_one_mailout(staffed: Invoke, opened: Store) -> None:
    opened.record_event("ann@example.org", "mailout.state", "mailout", 7, {"to": "checked"})
    opened.record_event("boss@example.org", "approval.granted", "mailout", 7)
    opened.record_event("ann@example.org", "mailout.state", "mailout", 8, {"to": "checked"})
    result = staffed("audit", "--mailout", "7", "--format", "json", env=BOSS)
    assert [e["action"] for e in json.loads(result.stdout)] == [
        "mailout.state", "approval.granted"
    ]  # fmt: skip
    assert "No audit events about mailout 9" in staffed("audit", "--mailout", "9", env=BOSS).stdout


def test_sender_may_not_read_the_trail(staffed: Invoke) -> None:
    result = staffed("audit", env=ANN)
    assert result.exit_code == 4
    assert "'audit.read' needs the role approver, admin" in result.stderr


def test_verify_reports_an_intact_chain(staffed: Invoke) -> None:
    result = staffed("audit", "verify", env=BOSS)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("3 events, chain intact")


def test_verify_fails_naming_the_altered_event(staffed: Invoke, opened: Store) -> None:
    with opened.engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_events SET details = '{}' WHERE id = 3"))
    result = staffed("audit", "verify", env=BOSS)
    assert result.exit_code == 1
    assert "after 2 intact events: event 3 was altered" in result.stderr
    assert "Traceback" not in result.output


def test_verify_fails_naming_a_removed_last_event(staffed: Invoke, opened: Store) -> None:
    with opened.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_events WHERE id = 3"))
    result = staffed("audit", "verify", env=BOSS)
    assert result.exit_code == 1
    assert "event 3 is missing" in result.stderr


def test_emergency_on_off_and_status_are_audited(staffed: Invoke) -> None:
    on = staffed("emergency", "on", "--reason", "wrong list picked", env=BOSS)
    assert on.exit_code == 0, on.output
    assert "Emergency switch is ON: wrong list picked" in on.stdout
    assert "nothing to stop" in on.stdout
    status = json.loads(staffed("emergency", "status", "--format", "json").stdout)
    assert (status["on"], status["by"], status["reason"]) == (
        True, "boss@example.org", "wrong list picked"
    )  # fmt: skip
    assert staffed("emergency", "off", "--reason", "fixed", env=BOSS).exit_code == 0
    assert "Emergency switch is off" in staffed("emergency", "status").stdout
    trail = json.loads(staffed("audit", "--format", "json", env=BOSS).stdout)
    assert [(e["action"], e["details"]) for e in trail[3:]] == [
        ("emergency.on", {"reason": "wrong list picked"}),
        ("emergency.off", {"reason": "fixed"}),
    ]


def test_emergency_needs_an_admin_and_a_reason(staffed: Invoke) -> None:
    refused = staffed("emergency", "on", "--reason", "panic", env=ANN)
    assert refused.exit_code == 4
    assert "'emergency' needs the role admin" in refused.stderr
    blank = staffed("emergency", "on", "--reason", "  ", env=BOSS)
    assert blank.exit_code == 1
    assert "--reason" in blank.stderr


def test_emergency_on_stops_a_scheduled_mailout(staffed: Invoke, opened: Store) -> None:
    staff = opened.create_list("staff")
    content = MailoutContent("hr@example.org", "Salaries", "Attached.")
    mailout_id = opened.create_mailout(staff.id, content)
    opened.change_state(mailout_id, MailoutState.CHECKED)
    opened.change_state(mailout_id, MailoutState.SCHEDULED)
    result = staffed("emergency", "on", "--reason", "salaries attached", env=BOSS)
    assert result.exit_code == 0, result.output
    assert f"Stopped mailout {mailout_id} (scheduled -> cancelled)" in result.stdout
    assert opened.get_mailout(mailout_id).state is MailoutState.CANCELLED
