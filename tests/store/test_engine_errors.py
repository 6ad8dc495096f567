"""A database locked by another process is named as such, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result
from tests.fixtures.cli import TEST_SECRET

from mailbrake.cli import main
from mailbrake.errors import DatabaseError, DatabaseLockedError, SettingsError
from mailbrake.store import Store
from mailbrake.store.engine import make_engine, translate_error


def run_lists(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MAILBRAKE_CONFIG", raising=False)
    env = {"MAILBRAKE_DATABASE_URL": url, "MAILBRAKE_SECRET_KEY": TEST_SECRET}
    return CliRunner().invoke(main, ["lists"], env=env)


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    path = tmp_path / "mailbrake.db"
    Store.open(f"sqlite:///{path}").close()
    return path


@pytest.fixture
def sqlite_writer(sqlite_file: Path) -> Iterator[sqlite3.Connection]:
    """Another process's connection, holding the write lock."""
    other = sqlite3.connect(sqlite_file, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    yield other
    other.execute("ROLLBACK")
    other.close()


def test_sqlite_locked_by_another_process_says_so(
    sqlite_file: Path,
    sqlite_writer: sqlite3.Connection,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = run_lists(f"sqlite:///{sqlite_file}?timeout=0.1", tmp_path, monkeypatch)
    assert result.exit_code == 3
    assert "Another process holds a lock on the database (database is locked)" in result.stderr
    assert "MAILBRAKE_DATABASE_URL" not in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.postgres
def test_postgres_lock_timeout_says_another_process_holds_the_lock(
    pg_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(pg_database_url).close()
    holder = make_engine(pg_database_url)
    try:
        with holder.begin() as conn:
            conn.exec_driver_sql("LOCK TABLE lists IN ACCESS EXCLUSIVE MODE")
            url = f"{pg_database_url}?options=-c%20lock_timeout%3D200"
            result = run_lists(url, tmp_path, monkeypatch)
    finally:
        holder.dispose()
    assert result.exit_code == 3, result.output
    assert "Another process holds a lock on the database" in result.stderr
    assert "lock timeout" in result.stderr


def test_an_unreachable_server_still_points_at_the_url() -> None:
    error = translate_error(
        sa.exc.OperationalError("SELECT 1", {}, sqlite3.OperationalError("unable to open"))
    )
    assert type(error) is DatabaseError
    assert "Check MAILBRAKE_DATABASE_URL" in str(error)
    locked = sa.exc.OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked"))
    assert isinstance(translate_error(locked), DatabaseLockedError)


def test_a_bad_sqlite_timeout_is_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="timeout='forever'"):
        make_engine(f"sqlite:///{tmp_path / 'x.db'}?timeout=forever")
