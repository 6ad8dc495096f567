"""Commands prove who runs them: tokens, the password prompt, an admin's --as, the open stop."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.fixtures.cli import STAFF, Invoke, mint_token

from mailbrake.people import hash_password
from mailbrake.store import Store

HR_NOTE = (
    "Performance review - Dana Whitfield\n\n"
    "Dana Whitfield is on a performance improvement plan (PIP) until March. Her rating is 2 "
    "of 5 and her salary review is frozen. HR only, do not forward.\n"
)
PASSWORD = "approver passphrase"
NO_TOKEN = {"MAILBRAKE_TOKEN": ""}  # the fixture mints no token when the test names one


@pytest.fixture
def held(mbu: Invoke, tmp_path: Path, cli_env: dict[str, str], opened: Store) -> str:
    """Mailout 1, held for a second person's approval (an HR note about a named person)."""
    cli_env["MAILBRAKE_INTERNAL_DOMAINS"] = '["example.org"]'
    rows = "".join(f"p{i:03}@example.org,Person {i}\n" for i in range(20))
    (tmp_path / "staff.csv").write_text("email,name\n" + rows, encoding="utf-8")
    (tmp_path / "note.txt").write_text(HR_NOTE, encoding="utf-8")
    assert mbu("lists", "create", "staff").exit_code == 0
    assert mbu("lists", "import", "staff", "staff.csv").exit_code == 0
    created = mbu("mailouts", "create", "--list", "staff", "--from", "hr@example.org",
                  "--subject", "Review", "--text", "note.txt")  # fmt: skip
    assert created.exit_code == 0, created.output
    sent = mbu("send", "1", "--confirm", "20")
    assert sent.exit_code == 0, sent.output
    assert state(mbu) == "awaiting_approval"
    opened.set_password_hash(STAFF["approver"], hash_password(PASSWORD), actor="test")
    return "1"


def state(mb: Invoke) -> str:
    result = mb("status", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    value: str = json.loads(result.stdout)["state"]
    return value


def events(opened: Store, action: str) -> list[Any]:
    return [e for e in opened.iter_events() if e.action == action]


def test_a_sender_token_cannot_approve_as_the_approver(
    mb: Invoke, held: str, opened: Store, cli_env: dict[str, str]
) -> None:
    sender_token = mint_token(cli_env["MAILBRAKE_DATABASE_URL"], STAFF["sender"])
    result = mb("--as", STAFF["approver"], "approve", held, "--note", "looks fine",
                env={"MAILBRAKE_TOKEN": sender_token or ""})  # fmt: skip
    assert result.exit_code == 4
    assert f"--as {STAFF['approver']} needs an admin's token" in result.stderr
    assert "sender@example.org (sender)" in result.stderr
    assert state(mb) == "awaiting_approval"
    assert events(opened, "approval.granted") == []


def test_an_admin_token_acting_for_a_user_is_audited_with_both_names(
    mb: Invoke, staff_users: dict[str, str], opened: Store, cli_env: dict[str, str]
) -> None:
    admin = {"MAILBRAKE_TOKEN": mint_token(cli_env["MAILBRAKE_DATABASE_URL"], STAFF["admin"]) or ""}
    result = mb("--as", STAFF["sender"], "lists", "create", "team", env=admin)
    assert result.exit_code == 0, result.output
    (created,) = events(opened, "list.created")
    assert created.actor == STAFF["sender"]
    assert created.details["admin"] == STAFF["admin"]


def test_an_admin_token_cannot_approve_as_the_approver(
    mb: Invoke, held: str, opened: Store, cli_env: dict[str, str]
) -> None:
    admin = {"MAILBRAKE_TOKEN": mint_token(cli_env["MAILBRAKE_DATABASE_URL"], STAFF["admin"]) or ""}
    result = mb("--as", STAFF["approver"], "approve", held, "--note", "ok", env=admin)
    assert result.exit_code == 4
    assert "four eyes need approver@example.org's own sign-in" in result.stderr
    assert state(mb) == "awaiting_approval"


def test_an_admin_who_sent_as_someone_else_cannot_approve_it_himself(
    mb: Invoke, held: str, opened: Store, cli_env: dict[str, str]
) -> None:
    admin = {"MAILBRAKE_TOKEN": mint_token(cli_env["MAILBRAKE_DATABASE_URL"], STAFF["admin"]) or ""}
    created = mb("--as", STAFF["sender"], "mailouts", "create", "--list", "staff",
                 "--from", "hr@example.org", "--subject", "Again", "--text", "note.txt",
                 env=admin)  # fmt: skip
    assert created.exit_code == 0, created.output
    mailout = created.stdout.strip()
    assert mb("--as", STAFF["sender"], "send", mailout, "--confirm", "20", env=admin).exit_code == 0
    result = mb("approve", mailout, "--note", "fine by me", env=admin)
    assert result.exit_code != 0
    assert "acting as another user (--as)" in result.stderr
    assert [e for e in events(opened, "approval.granted") if e.object_id == mailout] == []


def test_the_password_prompt_signs_in_an_approver_without_a_token(
    mb: Invoke, held: str, opened: Store
) -> None:
    env = {"MAILBRAKE_USER": STAFF["approver"], **NO_TOKEN}
    result = mb("approve", held, "--note", "ok", env=env, input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert f"Password for {STAFF['approver']}" in result.stderr
    (approved,) = events(opened, "approval.granted")
    assert approved.actor == STAFF["approver"]
    assert "admin" not in approved.details


def test_a_wrong_password_at_the_prompt_approves_nothing(mb: Invoke, held: str) -> None:
    env = {"MAILBRAKE_USER": STAFF["approver"], **NO_TOKEN}
    result = mb("reject", held, "--reason", "no", env=env, input="not the password\n")
    assert result.exit_code == 4
    assert "Wrong e-mail address or password." in result.stderr
    assert state(mb) == "awaiting_approval"


def test_a_made_up_token_is_refused(mbu: Invoke, held: str) -> None:
    result = mbu("lists", "create", "other", env={"MAILBRAKE_TOKEN": "mb_made-up"})
    assert result.exit_code == 4
    assert "That API token is not valid." in result.stderr
    assert "`mailbrake login`" in result.stderr


def test_a_revoked_token_is_refused(mb: Invoke, staff_users: dict[str, str]) -> None:
    admin = {"MAILBRAKE_USER": staff_users["admin"]}
    issued = mb("users", "token", staff_users["sender"], "--name", "ci", env=admin)
    assert issued.exit_code == 0, issued.output
    token = {"MAILBRAKE_TOKEN": issued.stdout.strip()}
    assert mb("lists", "create", "before", env=token).exit_code == 0
    listed = json.loads(mb("users", "tokens", staff_users["sender"], "--format", "json",
                           env=admin).stdout)  # fmt: skip
    (ci,) = [t for t in listed if t["name"] == "ci"]
    assert ci["last_used_at"] is not None
    revoked = mb("users", "revoke-token", staff_users["sender"], str(ci["id"]), env=admin)
    assert revoked.exit_code == 0, revoked.output
    refused = mb("lists", "create", "after", env=token)
    assert refused.exit_code == 4
    assert "was revoked" in refused.stderr


def test_without_a_token_the_error_names_login_and_the_variable(mbu: Invoke) -> None:
    result = mbu("lists", "create", "staff", env=NO_TOKEN)
    assert result.exit_code == 4
    assert "needs to know who you are" in result.stderr
    assert "`mailbrake login`" in result.stderr
    assert "MAILBRAKE_TOKEN" in result.stderr
    assert "Password" not in result.output  # only approvals, emergency and users may prompt


def test_stop_without_a_token_stops_at_once_and_is_audited_as_unverified(
    mbu: Invoke, held: str, opened: Store
) -> None:
    approved = mbu("approve", held, "--note", "ok", env={"MAILBRAKE_USER": STAFF["approver"]})
    assert approved.exit_code == 0, approved.output
    assert state(mbu) == "scheduled"
    # No token and no input: a prompt would end in an error, so success shows none was shown.
    stopped = mbu("stop", "--all", env={"MAILBRAKE_USER": STAFF["sender"], **NO_TOKEN})
    assert stopped.exit_code == 0, stopped.output
    assert "Password" not in stopped.output
    assert state(mbu) == "cancelled"
    actors = {e.actor for e in opened.iter_events() if e.object_id == held}
    assert any(a.startswith(f"{STAFF['sender']} (unverified") for a in actors)


def test_stop_with_a_bad_token_still_stops(mbu: Invoke, held: str, opened: Store) -> None:
    assert (
        mbu("approve", held, "--note", "ok", env={"MAILBRAKE_USER": STAFF["approver"]}).exit_code
        == 0
    )
    stopped = mbu("stop", held, env={"MAILBRAKE_TOKEN": "mb_made-up"})
    assert stopped.exit_code == 0, stopped.output
    assert state(mbu) == "cancelled"
    actors = {e.actor for e in opened.iter_events() if e.object_id == held}
    assert any("unverified" in a for a in actors)


def test_stop_with_a_token_is_audited_as_that_user(mbu: Invoke, held: str, opened: Store) -> None:
    assert (
        mbu("approve", held, "--note", "ok", env={"MAILBRAKE_USER": STAFF["approver"]}).exit_code
        == 0
    )
    stopped = mbu("stop", held)
    assert stopped.exit_code == 0, stopped.output
    actors = {e.actor for e in opened.iter_events() if e.object_id == held}
    assert STAFF["sender"] in actors
    assert not any("unverified" in a for a in actors)


def test_first_admin_needs_no_token_and_print_token_signs_scripts_in(mb: Invoke) -> None:
    first = mb("users", "add", "root@example.org", "--name", "Root", "--role", "admin",
               "--print-token")  # fmt: skip
    assert first.exit_code == 0, first.output
    root = {"MAILBRAKE_TOKEN": first.stdout.strip()}
    assert first.stdout.strip().startswith("mb_")
    added = mb("users", "add", "ci@example.org", "--name", "CI", "--role", "sender",
               "--print-token", env=root)  # fmt: skip
    assert added.exit_code == 0, added.output
    ci = {"MAILBRAKE_TOKEN": added.stdout.strip()}
    created = mb("lists", "create", "nightly", env=ci)
    assert created.exit_code == 0, created.output
    second = mb("users", "add", "eve@example.org", "--name", "Eve", "--role", "admin", env=ci)
    assert second.exit_code == 4  # no second "first admin": the sender may not add users


def test_a_user_may_issue_their_own_token_but_not_someone_elses(
    mbu: Invoke, staff_users: dict[str, str]
) -> None:
    own = mbu("users", "token", staff_users["sender"])
    assert own.exit_code == 0, own.output
    assert own.stdout.strip().startswith("mb_")
    other = mbu("users", "token", staff_users["approver"])
    assert other.exit_code == 4
