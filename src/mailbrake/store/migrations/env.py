"""Alembic environment: the engine comes from mailbrake's store, never from an ini file."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from mailbrake.store.tables import metadata

engine: sa.Engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=engine.dialect.name == "sqlite",
        transactional_ddl=True,
    )
    context.run_migrations()
