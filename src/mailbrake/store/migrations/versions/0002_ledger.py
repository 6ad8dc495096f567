"""The delivery ledger, delivery runs, workers and the stop signal.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
LEDGER_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", LEDGER_ID, primary_key=True),
        sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False),
        sa.Column("subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("wave", sa.SmallInteger, nullable=False, server_default="0"),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.SmallInteger, nullable=False, server_default="0"),
        sa.Column("worker_id", sa.String(200), nullable=True),
        sa.Column("lease_until", TS, nullable=True),
        sa.Column("next_attempt_at", TS, nullable=True),
        sa.Column("smtp_code", sa.SmallInteger, nullable=True),
        sa.Column("smtp_reply", sa.Text, nullable=True),
        sa.Column("message_id", sa.String(400), nullable=True),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("updated_at", TS, nullable=True),
        sa.UniqueConstraint(
            "mailout_id", "subscriber_id", name="uq_deliveries_mailout_id_subscriber_id"
        ),
    )
    op.create_index(
        "ix_deliveries_mailout_id_state_wave_id",
        "deliveries",
        ["mailout_id", "state", "wave", "id"],
    )
    op.create_table(
        "delivery_runs",
        sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), primary_key=True),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("wave_count", sa.Integer, nullable=False),
        sa.Column("current_wave", sa.Integer, nullable=False, server_default="0"),
        sa.Column("enqueued_at", TS, nullable=False),
        sa.Column("wave_done_at", TS, nullable=True),
        sa.Column("auto_resume_at", TS, nullable=True),
        sa.Column("stopped_at", TS, nullable=True),
        sa.Column("uncertain_ok", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "workers",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("heartbeat_at", TS, nullable=False),
        sa.Column("stop_ack", sa.Integer, nullable=False, server_default="0"),
        sa.Column("mailout_id", sa.Integer, nullable=True),
        sa.Column("exited_at", TS, nullable=True),
    )
    control = op.create_table(
        "delivery_control",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("stop_generation", sa.Integer, nullable=False),
    )
    op.bulk_insert(control, [{"id": 1, "stop_generation": 0}])


def downgrade() -> None:
    op.drop_table("delivery_control")
    op.drop_table("workers")
    op.drop_table("delivery_runs")
    op.drop_index("ix_deliveries_mailout_id_state_wave_id", table_name="deliveries")
    op.drop_table("deliveries")
