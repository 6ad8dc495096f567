"""Incidents and the recipients' confirmations that they deleted the message.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("summary", sa.Text, nullable=False, server_default=""),
        sa.Column("opened_by", sa.String(320), nullable=False),
        sa.Column("opened_at", TS, nullable=False),
        sa.Column("automatic", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("brake_ms", sa.Float, nullable=True),
        sa.Column("correction_mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=True),
        sa.Column("correction_list_id", sa.Integer, sa.ForeignKey("lists.id"), nullable=True),
        sa.Column("closed_by", sa.String(320), nullable=True),
        sa.Column("closed_at", TS, nullable=True),
        sa.Column("close_note", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_incidents_mailout_id", "incidents", ["mailout_id"])
    op.create_table(
        "incident_confirmations",
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), primary_key=True),
        sa.Column("confirmed_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("incident_confirmations")
    op.drop_index("ix_incidents_mailout_id", "incidents")
    op.drop_table("incidents")
