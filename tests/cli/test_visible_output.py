"""Control characters in user data are shown as escapes in every table and text line."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from tests.fixtures.cli import Invoke

from mailbrake.models import DeliveryState, MailoutContent, MailoutState, NewSubscriber
from mailbrake.pipeline.ledger_report import write_table
from mailbrake.store import Store
from mailbrake.store.ledger import LedgerEntry
from mailbrake.visible import visible, visible_lines

HIDDEN = "Team news \x1b[8mSALARY SHEET\x1b[0m"
SHOWN = "Team news \\x1b[8mSALARY SHEET\\x1b[0m"
WIDE = {"COLUMNS": "400"}  # rich tables would otherwise cut cells to the test's 80 columns


@pytest.fixture
def awaiting(cli_env: dict[str, str], staff_users: dict[str, str]) -> int:
    """A mailout awaiting approval whose subject, list and sender hide text from a terminal."""
    store = Store.open(cli_env["MAILBRAKE_DATABASE_URL"])
    store.set_audit_secret(cli_env["MAILBRAKE_SECRET_KEY"].encode())
    try:
        target = store.create_list("staff\x1b]0;pwned\x07", actor="eve\rmallory@example.org")
        store.add_subscribers(target.id, [NewSubscriber("ann@example.org", "Ann")])
        content = MailoutContent(from_addr="hr@example.org", subject=HIDDEN, text="Hi")
        mailout_id = store.create_mailout(target.id, content, created_by="eve\u202e@example.org")
        store.change_state(mailout_id, MailoutState.CHECKED)
        store.change_state(mailout_id, MailoutState.AWAITING_APPROVAL)
        return mailout_id
    finally:
        store.close()


def assert_no_control_characters(text: str) -> None:
    assert [c for c in text if c != "\n" and visible(c) != c] == []


def test_approvals_shows_an_escape_sequence_instead_of_obeying_it(
    mbu: Invoke, awaiting: int
) -> None:
    result = mbu("approvals", env=WIDE)
    assert result.exit_code == 0, result.output
    assert_no_control_characters(result.stdout)
    assert SHOWN in result.stdout
    assert "eve\\u202e@example.org" in result.stdout


def test_mailouts_list_shows_control_characters(mbu: Invoke, awaiting: int) -> None:
    result = mbu("mailouts", "list", env=WIDE)
    assert result.exit_code == 0, result.output
    assert_no_control_characters(result.stdout)
    assert "staff\\x1b]0;pwned\\x07" in result.stdout
    assert SHOWN in result.stdout


def test_lists_table_shows_control_characters(mbu: Invoke, awaiting: int) -> None:
    result = mbu("lists", env=WIDE)
    assert_no_control_characters(result.stdout)
    assert "staff\\x1b]0;pwned\\x07" in result.stdout


def test_audit_timeline_shows_control_characters(
    mbu: Invoke, awaiting: int, staff_users: dict[str, str]
) -> None:
    result = mbu("audit", env={"MAILBRAKE_USER": staff_users["admin"], **WIDE})
    assert result.exit_code == 0, result.output
    assert_no_control_characters(result.stdout)
    assert "eve\\rmallory@example.org" in result.stdout


def test_ledger_table_shows_a_relays_control_characters() -> None:
    at = datetime(2026, 1, 2, tzinfo=UTC)
    entry = LedgerEntry(
        1, "ann@example.org", 7, DeliveryState.FAILED, 0, 1, 550, HIDDEN, "<m@x>", at, at, None
    )
    out = io.StringIO()
    write_table([entry], out)
    assert_no_control_characters(out.getvalue())
    assert SHOWN in out.getvalue()


def test_an_error_naming_user_data_is_shown_escaped(mbu: Invoke, awaiting: int) -> None:
    result = mbu("ledger", str(awaiting), "--email", "x\x1b[2J@example.org")
    assert result.exit_code == 1
    assert "x\\x1b[2J@example.org is not a recipient" in result.stderr


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("a\x00b", "a\\x00b"), ("tab\there", "tab\\there"), ("\u2028", "\\u2028"), ("é ü", "é ü")],
)
def test_visible_escapes_controls_and_keeps_other_text(raw: str, shown: str) -> None:
    assert visible(raw) == shown


def test_a_report_keeps_its_lines_but_shows_other_controls() -> None:
    assert visible_lines("# Title\nSubject: a\x1b[8mb\n") == "# Title\nSubject: a\\x1b[8mb\n"
