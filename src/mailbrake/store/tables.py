"""SQLAlchemy Core tables: the schema the Alembic migrations create, used by the store's queries."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(sa.TypeDecorator[datetime]):
    """Aware UTC datetimes on every database (SQLite stores them naive)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware UTC time")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Timestamp = UtcDateTime()
# JSONB on PostgreSQL so attribute merges can use ||; JSON text on SQLite.
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

lists = sa.Table(
    "lists",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("created_at", Timestamp, nullable=False),
)

subscribers = sa.Table(
    "subscribers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(320), nullable=False, unique=True),
    sa.Column("name", sa.String(400), nullable=False, server_default=""),
    sa.Column("attributes", JSON_DOC, nullable=False),
    sa.Column("status", sa.String(20), nullable=False, server_default="active"),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
)

list_members = sa.Table(
    "list_members",
    metadata,
    sa.Column("list_id", sa.Integer, sa.ForeignKey("lists.id"), primary_key=True),
    sa.Column("subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), primary_key=True),
    sa.Column("status", sa.String(20), nullable=False, server_default="active"),
    sa.Column("added_at", Timestamp, nullable=False),
)

mailouts = sa.Table(
    "mailouts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("list_id", sa.Integer, sa.ForeignKey("lists.id"), nullable=False),
    sa.Column("state", sa.String(30), nullable=False),
    sa.Column("from_addr", sa.String(400), nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("text_body", sa.Text, nullable=False),
    sa.Column("html_body", sa.Text, nullable=True),
    sa.Column("created_by", sa.String(320), nullable=False, server_default=""),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Column("options", JSON_DOC, nullable=False),
    sa.Column("paused_reason", sa.Text, nullable=False, server_default=""),
    sa.Column("started_at", Timestamp, nullable=True),
    sa.Column("finished_at", Timestamp, nullable=True),
)

mailout_attachments = sa.Table(
    "mailout_attachments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("filename", sa.String(400), nullable=False),
    sa.Column("content_type", sa.String(200), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
)

# -- The delivery engine: the per-recipient ledger, its runs, the workers, the stop signal --

# 64-bit ids on PostgreSQL; on SQLite an INTEGER PRIMARY KEY is already the 64-bit rowid.
LEDGER_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", LEDGER_ID, primary_key=True),
    sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False),
    sa.Column("subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), nullable=False),
    # The address as mailed: the ledger answers "who got it" even if the subscriber changes.
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("wave", sa.SmallInteger, nullable=False, server_default="0"),
    sa.Column("state", sa.String(12), nullable=False),
    sa.Column("attempts", sa.SmallInteger, nullable=False, server_default="0"),
    sa.Column("worker_id", sa.String(200), nullable=True),
    sa.Column("lease_until", Timestamp, nullable=True),
    sa.Column("next_attempt_at", Timestamp, nullable=True),
    sa.Column("smtp_code", sa.SmallInteger, nullable=True),
    sa.Column("smtp_reply", sa.Text, nullable=True),
    sa.Column("message_id", sa.String(400), nullable=True),
    sa.Column("sent_at", Timestamp, nullable=True),
    sa.Column("updated_at", Timestamp, nullable=True),
    sa.UniqueConstraint("mailout_id", "subscriber_id"),
    sa.Index(None, "mailout_id", "state", "wave", "id"),
)

delivery_runs = sa.Table(
    "delivery_runs",
    metadata,
    sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), primary_key=True),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("wave_count", sa.Integer, nullable=False),
    sa.Column("current_wave", sa.Integer, nullable=False, server_default="0"),
    sa.Column("enqueued_at", Timestamp, nullable=False),
    sa.Column("wave_done_at", Timestamp, nullable=True),
    sa.Column("auto_resume_at", Timestamp, nullable=True),
    sa.Column("stopped_at", Timestamp, nullable=True),
)

workers = sa.Table(
    "workers",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("host", sa.String(255), nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("started_at", Timestamp, nullable=False),
    sa.Column("heartbeat_at", Timestamp, nullable=False),
    sa.Column("stop_ack", sa.Integer, nullable=False, server_default="0"),
    sa.Column("mailout_id", sa.Integer, nullable=True),
    sa.Column("exited_at", Timestamp, nullable=True),
)

# One row (id 1): bumped by every stop; SQLite workers poll it, PostgreSQL ones also LISTEN.
delivery_control = sa.Table(
    "delivery_control",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("stop_generation", sa.Integer, nullable=False),
)
