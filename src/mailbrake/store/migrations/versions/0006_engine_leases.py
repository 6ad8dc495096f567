"""The engine: started marks and heartbeat leases of workers, resend trace, shared limits.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        batch.add_column(sa.Column("lease_until", TS, nullable=True))
        batch.add_column(
            sa.Column("started_upto", sa.BigInteger, nullable=False, server_default="0")
        )
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("first_attempt_at", TS, nullable=True))
        batch.add_column(sa.Column("resends", sa.SmallInteger, nullable=False, server_default="0"))
    with op.batch_alter_table("delivery_runs") as batch:
        batch.add_column(sa.Column("next_slot_at", TS, nullable=True))
    op.create_table(
        "send_grants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False),
        sa.Column("last_at", TS, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
    )
    op.create_index("ix_send_grants_mailout_id_last_at", "send_grants", ["mailout_id", "last_at"])


def downgrade() -> None:
    op.drop_index("ix_send_grants_mailout_id_last_at", "send_grants")
    op.drop_table("send_grants")
    with op.batch_alter_table("delivery_runs") as batch:
        batch.drop_column("next_slot_at")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("resends")
        batch.drop_column("first_attempt_at")
    with op.batch_alter_table("workers") as batch:
        batch.drop_column("started_upto")
        batch.drop_column("lease_until")
