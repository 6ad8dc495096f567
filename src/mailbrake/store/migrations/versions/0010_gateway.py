"""The SMTP gateway: list addresses, relayed and held messages, held originals, send-as grants.

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "list_addresses",
        sa.Column("address", sa.String(320), primary_key=True),
        sa.Column("list_id", sa.Integer, sa.ForeignKey("lists.id"), nullable=False, unique=True),
        sa.Column("set_by", sa.String(320), nullable=False),
        sa.Column("set_at", TS, nullable=False),
    )
    op.create_table(
        "gateway_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("auth_user", sa.String(320), nullable=False, server_default=""),
        sa.Column("client", sa.String(100), nullable=False, server_default=""),
        sa.Column("mail_from", sa.String(320), nullable=False),
        sa.Column("recipients", JSON_DOC, nullable=False),
        sa.Column("message_id", sa.String(400), nullable=False, server_default=""),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("verdict", sa.String(10), nullable=False),
        sa.Column("rule", sa.String(200), nullable=False, server_default=""),
        sa.Column("disposition", sa.String(12), nullable=False),
        sa.Column("upstream_code", sa.Integer, nullable=True),
        sa.Column("upstream_reply", sa.Text, nullable=False, server_default=""),
        sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=True),
    )
    op.create_index("ix_gateway_messages_received_at", "gateway_messages", ["received_at"])
    op.create_table(
        "gateway_originals",
        sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), primary_key=True),
        sa.Column("mail_from", sa.String(320), nullable=False),
        sa.Column("envelope_rcpts", JSON_DOC, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("sender", sa.String(320), nullable=False),
    )
    op.create_table(
        "send_as_grants",
        sa.Column("user_email", sa.String(320), primary_key=True),
        sa.Column("address", sa.String(320), primary_key=True),
        sa.Column("granted_by", sa.String(320), nullable=False),
        sa.Column("granted_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("send_as_grants")
    op.drop_table("gateway_originals")
    op.drop_index("ix_gateway_messages_received_at", "gateway_messages")
    op.drop_table("gateway_messages")
    op.drop_table("list_addresses")
