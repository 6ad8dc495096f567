"""Database engines: SQLite in WAL mode by default, PostgreSQL through psycopg 3."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from mailbrake.errors import DatabaseError, DatabaseLockedError, SettingsError
from mailbrake.private_files import create_private

SQLITE_BUSY_TIMEOUT_MS = 30_000
# PostgreSQL: lock_not_available, raised when lock_timeout runs out.
PG_LOCK_STATES = frozenset({"55P03"})
SQLITE_LOCK_TEXTS = ("database is locked", "database table is locked")


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


def translate_error(exc: sa.exc.DBAPIError) -> DatabaseError:
    """The one user-facing reading of a driver error: a lock held elsewhere is named as such,
    anything else points at the URL and the server."""
    orig = exc.orig
    reason = str(orig).strip().splitlines()[0] if orig is not None and str(orig).strip() else ""
    reason = reason or str(exc).splitlines()[0]
    state = getattr(orig, "sqlstate", None)
    if state in PG_LOCK_STATES or any(text in reason.lower() for text in SQLITE_LOCK_TEXTS):
        return DatabaseLockedError(
            f"Another process holds a lock on the database ({reason}); mailbrake waited for "
            "it and gave up.",
            hint="Retry when the other command or worker has finished; to find it, look for "
            "mailbrake processes (SQLite: `fuser` on the database file; PostgreSQL: "
            "pg_stat_activity).",
        )
    return DatabaseError(
        f"The database cannot be used ({reason}).",
        hint="Check MAILBRAKE_DATABASE_URL and that the server is running.",
    )


def _busy_timeout_ms(url: URL) -> int:
    """`?timeout=SECONDS` in a sqlite:/// URL sets how long to wait for another writer."""
    raw = url.query.get("timeout")
    if raw is None:
        return SQLITE_BUSY_TIMEOUT_MS
    try:
        seconds = float(raw if isinstance(raw, str) else raw[0])
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise SettingsError(
            f"Setting database_url has timeout={raw!r}; it must be seconds from 0 to 3600."
        )
    return int(seconds * 1000)


def _sqlite_engine(url: URL) -> sa.Engine:
    busy_ms = _busy_timeout_ms(url)
    url = url.difference_update_query(["timeout"])
    path = url.database or ""
    if path and path != ":memory:" and not path.startswith("file:"):
        # The database holds every recipient's address: create it 0600 (SQLite gives its
        # -wal and -shm files the database file's mode).
        # A missing folder or a read-only place: SQLite says so itself when it connects.
        with contextlib.suppress(OSError):
            create_private(Path(path))
    engine = sa.create_engine(url, connect_args={"timeout": busy_ms / 1000})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN be the transaction start, and take the write lock at BEGIN
        # (IMMEDIATE) so two writers never deadlock upgrading a read lock.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
