"""Database engines: SQLite in WAL mode by default, PostgreSQL through psycopg 3."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from mailbrake.errors import SettingsError
from mailbrake.private_files import create_private

SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str) -> URL:
    """Map postgres:// and postgresql:// to the psycopg 3 driver; keep SQLite as is."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        raise SettingsError(
            f"Setting database_url = {url!r} is not a database URL; "
            "use sqlite:///mailbrake.db or postgresql://USER@HOST/DB."
        ) from None
    if parsed.drivername in ("postgres", "postgresql", "postgresql+psycopg2"):
        return parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_sqlite(engine: sa.Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str) -> sa.Engine:
    parsed = normalise_url(url)
    if parsed.drivername.startswith("sqlite"):
        return _sqlite_engine(parsed)
    return sa.create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_engine(url: URL) -> sa.Engine:
    path = url.database or ""
    if path and path != ":memory:" and not path.startswith("file:"):
        # The database holds every recipient's address: create it 0600 (SQLite gives its
        # -wal and -shm files the database file's mode).
        # A missing folder or a read-only place: SQLite says so itself when it connects.
        with contextlib.suppress(OSError):
            create_private(Path(path))
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN be the transaction start, and take the write lock at BEGIN
        # (IMMEDIATE) so two writers never deadlock upgrading a read lock.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
