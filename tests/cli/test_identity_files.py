"""`mailbrake login`/`logout` and the files that hold secrets: mode 0600 whatever the umask."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.fixtures.cli import Invoke

from mailbrake.people import hash_password
from mailbrake.settings import Settings
from mailbrake.store import Store

PASSWORD = "sender passphrase"
NO_TOKEN = {"MAILBRAKE_TOKEN": ""}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Run the test under a usual and a careless umask; 0600 must hold under both."""
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


@pytest.fixture
def credentials(cli_env: dict[str, str]) -> Path:
    return Path(cli_env["XDG_CONFIG_HOME"]) / "mailbrake" / "credentials.json"


@pytest.fixture
def with_password(staff_users: dict[str, str], opened: Store) -> str:
    opened.set_password_hash(staff_users["sender"], hash_password(PASSWORD), actor="test")
    return staff_users["sender"]


def test_login_keeps_a_private_token_that_signs_later_commands_in(
    mb: Invoke, with_password: str, credentials: Path, opened: Store, umask: int
) -> None:
    signed_in = mb("login", "--email", with_password, "--password-stdin", env=NO_TOKEN,
                   input=PASSWORD + "\n")  # fmt: skip
    assert signed_in.exit_code == 0, signed_in.output
    assert f"Signed in as {with_password} (sender)" in signed_in.stdout
    assert mode(credentials) == 0o600
    assert mode(credentials.parent) == 0o700
    created = mb("lists", "create", "staff")  # no MAILBRAKE_TOKEN: the kept token is used
    assert created.exit_code == 0, created.output
    (event,) = [e for e in opened.iter_events() if e.action == "list.created"]
    assert event.actor == with_password
    stored = json.loads(credentials.read_text(encoding="utf-8"))["tokens"]
    assert [entry["email"] for entry in stored.values()] == [with_password]


def test_login_prompts_for_the_password_when_not_given_on_stdin(
    mb: Invoke, with_password: str, credentials: Path
) -> None:
    result = mb("login", env={"MAILBRAKE_USER": with_password, **NO_TOKEN}, input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert f"Password for {with_password}" in result.stderr
    assert credentials.exists()


def test_a_wrong_password_keeps_nothing(
    mb: Invoke, with_password: str, credentials: Path, opened: Store
) -> None:
    result = mb("login", "--email", with_password, "--password-stdin", env=NO_TOKEN,
                input="not the password\n")  # fmt: skip
    assert result.exit_code == 4
    assert "Wrong e-mail address or password." in result.stderr
    assert "users set-password" in result.stderr
    assert not credentials.exists()
    assert opened.list_tokens(with_password) == []


def test_logout_revokes_the_token_and_removes_it(
    mb: Invoke, with_password: str, credentials: Path, opened: Store
) -> None:
    assert mb("login", "--email", with_password, "--password-stdin", env=NO_TOKEN,
              input=PASSWORD + "\n").exit_code == 0  # fmt: skip
    token = next(iter(json.loads(credentials.read_text())["tokens"].values()))["token"]
    out = mb("logout")
    assert out.exit_code == 0, out.output
    assert f"Signed out {with_password}: token revoked" in out.stdout
    assert not credentials.exists()
    (kept,) = opened.list_tokens(with_password)
    assert kept.revoked_at is not None
    copied = mb("lists", "create", "staff", env={"MAILBRAKE_TOKEN": token})
    assert copied.exit_code == 4  # a copy of the token taken before logout is dead too
    assert "was revoked" in copied.stderr
    again = mb("logout")
    assert again.exit_code == 0
    assert "Not signed in" in again.stdout


def test_a_credentials_file_others_can_read_is_refused(
    mb: Invoke, with_password: str, credentials: Path
) -> None:
    assert mb("login", "--email", with_password, "--password-stdin", env=NO_TOKEN,
              input=PASSWORD + "\n").exit_code == 0  # fmt: skip
    credentials.chmod(0o644)
    result = mb("lists", "create", "staff")
    assert result.exit_code == 4
    assert "may be read by other users" in result.stderr
    assert f"chmod 600 {credentials}" in result.stderr


def test_the_sqlite_database_and_its_wal_are_private(tmp_path: Path, umask: int) -> None:
    from mailbrake.people import Role

    database = tmp_path / "fresh.db"
    store = Store.open(f"sqlite:///{database}")
    try:
        store.set_audit_secret(b"test-secret")
        store.add_user("root@example.org", name="Root", role=Role.ADMIN, actor="t", bootstrap=True)
        files = [database, *tmp_path.glob("fresh.db-*")]  # checked while the WAL is open
        assert {p.name for p in files} >= {"fresh.db", "fresh.db-wal", "fresh.db-shm"}
        assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    finally:
        store.close()


def test_the_created_secret_key_file_is_private(tmp_path: Path, umask: int) -> None:
    settings = Settings(secret_file=tmp_path / "mailbrake.secret")
    key = settings.resolved_secret()
    assert mode(tmp_path / "mailbrake.secret") == 0o600
    assert settings.resolved_secret() == key  # read back, not made again
