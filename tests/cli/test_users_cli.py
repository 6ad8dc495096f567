"""`mailbrake users` through the real click command: bootstrap, admins only, passwords, tokens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.fixtures.cli import ANN, BOSS, Invoke

from mailbrake.cli.context import AppContext
from mailbrake.people import PermissionDeniedError, Role
from mailbrake.settings import Settings
from mailbrake.store import Store


def test_first_user_needs_no_identity_but_must_be_an_admin(mb: Invoke) -> None:
    refused = mb("users", "add", "ann@example.org", "--name", "Ann", "--role", "sender")
    assert refused.exit_code == 1
    assert "the first one must be an admin" in refused.stderr
    first = mb("users", "add", "Boss@Example.org", "--name", "Boss", "--role", "admin")
    assert first.exit_code == 0, first.output
    assert "Added boss@example.org (Boss) as admin." in first.stdout
    assert "first admin" in first.stderr


def test_after_the_first_admin_users_commands_need_an_identity(staffed: Invoke) -> None:
    result = staffed("users", "add", "cat@example.org", "--name", "Cat", "--role", "sender")
    assert result.exit_code == 4
    assert "needs to know who you are" in result.stderr
    assert "`mailbrake login`" in result.stderr
    assert "MAILBRAKE_TOKEN" in result.stderr


def test_unknown_user_cannot_sign_in_with_a_password(staffed: Invoke) -> None:
    result = staffed("users", "list", env={"MAILBRAKE_USER": "ghost@example.org"},
                     input="a long passphrase\n")  # fmt: skip
    assert result.exit_code == 4
    assert "Error: Wrong e-mail address or password." in result.stderr
    assert "Traceback" not in result.output


def test_sender_cannot_manage_users(staffed: Invoke) -> None:
    result = staffed("users", "set-role", "ann@example.org", "admin", env=ANN)
    assert result.exit_code == 4
    assert "ann@example.org is a sender; 'users.manage' needs the role admin" in result.stderr
    assert "Traceback" not in result.output


def test_admin_lists_users_as_json(staffed: Invoke) -> None:
    listed = json.loads(staffed("users", "list", "--format", "json", env=BOSS).stdout)
    assert [(u["email"], u["role"], u["disabled"]) for u in listed] == [
        ("ann@example.org", "sender", False),
        ("boss@example.org", "admin", False),
    ]


def test_empty_user_list_explains_the_bootstrap(mb: Invoke) -> None:
    result = mb("users", "list")
    assert result.exit_code == 0
    assert "users add EMAIL --name NAME --role admin" in result.stdout


def test_set_role_and_disable_change_what_a_user_may_do(staffed: Invoke, opened: Store) -> None:
    assert staffed("users", "set-role", "ann@example.org", "approver", env=BOSS).exit_code == 0
    assert opened.get_user("ann@example.org").role is Role.APPROVER
    assert staffed("audit", "verify", env=ANN).exit_code == 0  # approvers may read the trail
    assert staffed("users", "disable", "ann@example.org", env=BOSS).exit_code == 0
    refused = staffed("audit", "verify", env=ANN)
    assert refused.exit_code == 4
    assert "is disabled" in refused.stderr


def test_manager_address_is_kept(staffed: Invoke, opened: Store) -> None:
    result = staffed("users", "add", "cat@example.org", "--name", "Cat", "--role", "sender",
                     "--manager", "Boss@Example.org", env=BOSS)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert opened.get_user("cat@example.org").manager == "boss@example.org"


def test_password_from_stdin_verifies(staffed: Invoke, opened: Store) -> None:
    result = staffed("users", "add", "cat@example.org", "--name", "Cat", "--role", "sender",
                     "--password-stdin", env=BOSS, input="a long passphrase\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert opened.check_password("cat@example.org", "a long passphrase").email == "cat@example.org"


def test_password_prompt_asks_twice_and_hides_the_input(staffed: Invoke, opened: Store) -> None:
    result = staffed("users", "set-password", "ann@example.org", env=ANN,
                     input="my own passphrase\nmy own passphrase\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "my own passphrase" not in result.output
    assert opened.check_password("ann@example.org", "my own passphrase").name == "Ann"


def test_short_password_is_refused_and_nothing_is_added(staffed: Invoke, opened: Store) -> None:
    result = staffed("users", "add", "cat@example.org", "--name", "Cat", "--role", "sender",
                     "--password-stdin", env=BOSS, input="short\n")  # fmt: skip
    assert result.exit_code == 1
    assert "at least 12 characters" in result.stderr
    assert [u.email for u in opened.list_users()] == ["ann@example.org", "boss@example.org"]


def test_sender_cannot_set_someone_elses_password(staffed: Invoke) -> None:
    result = staffed("users", "set-password", "boss@example.org", "--password-stdin", env=ANN,
                     input="a long passphrase\n")  # fmt: skip
    assert result.exit_code == 4


def test_token_is_printed_once_and_verifies(staffed: Invoke, opened: Store) -> None:
    result = staffed("users", "token", "ann@example.org", env=BOSS)
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert opened.verify_token(token).email == "ann@example.org"
    assert "not shown again" in result.stderr


def test_an_admin_token_with_acting_as_runs_as_that_user(
    staffed: Invoke, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    token = staffed("users", "token", "boss@example.org", env=BOSS).stdout.strip()
    monkeypatch.setenv("MAILBRAKE_TOKEN", token)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = AppContext(
        settings=Settings(database_url=database_url, secret_key="test-secret-0123456789")
    )
    try:
        assert app.current_user("users.manage").email == "boss@example.org"
        app.acting_as = "ann@example.org"
        with pytest.raises(PermissionDeniedError):
            app.current_user("users.manage")
        assert app.current_user("mailouts.stop").email == "ann@example.org"
    finally:
        app.close()


def test_as_option_names_the_user_and_beats_the_environment(staffed: Invoke) -> None:
    as_boss = staffed("--as", "boss@example.org", "users", "list")
    assert as_boss.exit_code == 0, as_boss.output
    as_ann = staffed("--as", "ann@example.org", "users", "list", env=BOSS)
    assert as_ann.exit_code == 4
    assert "ann@example.org is a sender" in as_ann.stderr
