"""Lists, subscribers, memberships, mailouts and their attachments.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "lists",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("name", name="uq_lists_name"),
    )
    op.create_table(
        "subscribers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.String(400), nullable=False, server_default=""),
        sa.Column("attributes", JSON_DOC, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="active"),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.UniqueConstraint("email", name="uq_subscribers_email"),
    )
    op.create_table(
        "list_members",
        sa.Column("list_id", sa.Integer, sa.ForeignKey("lists.id"), nullable=False),
        sa.Column("subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="active"),
        sa.Column("added_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("list_id", "subscriber_id", name="pk_list_members"),
    )
    op.create_table(
        "mailouts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("list_id", sa.Integer, sa.ForeignKey("lists.id"), nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("from_addr", sa.String(400), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("text_body", sa.Text, nullable=False),
        sa.Column("html_body", sa.Text, nullable=True),
        sa.Column("created_by", sa.String(320), nullable=False, server_default=""),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("options", JSON_DOC, nullable=False),
        sa.Column("paused_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("started_at", TS, nullable=True),
        sa.Column("finished_at", TS, nullable=True),
    )
    op.create_table(
        "mailout_attachments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("filename", sa.String(400), nullable=False),
        sa.Column("content_type", sa.String(200), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
    )
    op.create_index("ix_mailout_attachments_mailout_id", "mailout_attachments", ["mailout_id"])


def downgrade() -> None:
    op.drop_table("mailout_attachments")
    op.drop_table("mailouts")
    op.drop_table("list_members")
    op.drop_table("subscribers")
    op.drop_table("lists")
