"""Check results, approvals, overrides, test sends, and when a scheduled mailout starts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False),
        sa.Column("checked_at", TS, nullable=False),
        sa.Column("verdict", sa.String(10), nullable=False),
        sa.Column("deciding_rule", sa.String(200), nullable=False),
        sa.Column("findings", JSON_DOC, nullable=False),
        sa.Column("audience", JSON_DOC, nullable=False),
        sa.Column("exposure", JSON_DOC, nullable=False),
        sa.Column("matches", JSON_DOC, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("audience_hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_checks_mailout_id", "checks", ["mailout_id"])
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False),
        sa.Column("approver", sa.String(320), nullable=False),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("snapshot", sa.String(64), nullable=False),
        sa.Column("decided_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
    )
    op.create_index("ix_approvals_mailout_id", "approvals", ["mailout_id"])
    op.create_table(
        "overrides",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False),
        sa.Column("by", sa.String(320), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("verdict", sa.String(10), nullable=False),
        sa.Column("justification", sa.Text, nullable=False),
        sa.Column("snapshot", sa.String(64), nullable=False),
    )
    op.create_index("ix_overrides_mailout_id", "overrides", ["mailout_id"])
    op.create_table(
        "test_sends",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False),
        sa.Column("by", sa.String(320), nullable=False),
        sa.Column("to_addr", sa.String(320), nullable=False),
        sa.Column("rendered_for", sa.String(320), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("smtp_code", sa.Integer, nullable=False),
        sa.Column("smtp_reply", sa.Text, nullable=False),
        sa.Column("message_id", sa.String(400), nullable=False),
    )
    with op.batch_alter_table("mailouts") as batch:
        batch.add_column(sa.Column("scheduled_for", TS, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mailouts") as batch:
        batch.drop_column("scheduled_for")
    op.drop_table("test_sends")
    op.drop_table("overrides")
    op.drop_table("approvals")
    op.drop_table("checks")
