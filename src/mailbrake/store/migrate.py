"""Alembic migrations, run programmatically at start-up or by `mailbrake db upgrade`."""

from __future__ import annotations

from importlib import resources

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

# An arbitrary constant: PostgreSQL advisory lock that serialises concurrent upgrades.
PG_MIGRATION_LOCK = 0x6D61696C


def _config(engine: sa.Engine) -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("mailbrake.store") / "migrations")
    )
    config.attributes["engine"] = engine
    return config


def head_revision(engine: sa.Engine) -> str | None:
    return ScriptDirectory.from_config(_config(engine)).get_current_head()


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: sa.Engine) -> bool:
    """Bring the schema to the newest revision; returns True when something ran."""
    if current_revision(engine) == head_revision(engine):
        return False
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": PG_MIGRATION_LOCK})
            try:
                command.upgrade(_config(engine), "head")
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": PG_MIGRATION_LOCK})
                conn.commit()
        return True
    command.upgrade(_config(engine), "head")
    return True
