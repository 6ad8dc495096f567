"""Users and API tokens, the hash-chained audit trail and its head, and switches.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
AUDIT_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.String(400), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("manager", sa.String(320), nullable=False, server_default=""),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("password_hash", sa.Text, nullable=True),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer,
            sa.ForeignKey("users.id", name="fk_api_tokens_user_id_users"),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    _create_audit_tables()
    switches = op.create_table(
        "switches",
        sa.Column("name", sa.String(60), primary_key=True),
        sa.Column("is_on", sa.Boolean, nullable=False),
        sa.Column("since", TS, nullable=True),
        sa.Column("by", sa.String(320), nullable=False, server_default=""),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
    )
    op.bulk_insert(switches, [{"name": "emergency", "is_on": False, "by": "", "reason": ""}])


def _create_audit_tables() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", AUDIT_ID, primary_key=True, autoincrement=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(320), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("object_id", sa.String(320), nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index(
        "ix_audit_events_object_type_object_id_id",
        "audit_events",
        ["object_type", "object_id", "id"],
    )
    chain = op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("last_id", AUDIT_ID, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("key_check", sa.String(64), nullable=False, server_default=""),
        sa.Column("mac", sa.String(64), nullable=False, server_default=""),
    )
    # The empty chain: the first append fills in key_check and mac.
    op.bulk_insert(chain, [{"id": 1, "last_id": 0, "last_hash": GENESIS}])


def downgrade() -> None:
    op.drop_table("switches")
    op.drop_table("audit_chain")
    op.drop_index("ix_audit_events_object_type_object_id_id", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_index("ix_api_tokens_user_id", table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("users")
