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
    sa.Column("scheduled_for", Timestamp, nullable=True),
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
    # Unused since 0006: a claim lives as long as its worker's lease (workers.lease_until).
    sa.Column("lease_until", Timestamp, nullable=True),
    sa.Column("next_attempt_at", Timestamp, nullable=True),
    sa.Column("smtp_code", sa.SmallInteger, nullable=True),
    sa.Column("smtp_reply", sa.Text, nullable=True),
    sa.Column("message_id", sa.String(400), nullable=True),
    sa.Column("sent_at", Timestamp, nullable=True),
    sa.Column("updated_at", Timestamp, nullable=True),
    # The first SMTP attempt (sent_at is the last); resends: times `resend-uncertain` queued
    # it again, so the recipient may have two copies.
    sa.Column("first_attempt_at", Timestamp, nullable=True),
    sa.Column("resends", sa.SmallInteger, nullable=False, server_default="0"),
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
    # A person resumed past the "recipients uncertain" pause: the run may end without them.
    sa.Column("uncertain_ok", sa.Boolean, nullable=False, server_default=sa.false()),
    # The mailout's shared rate limit: the next free send slot, for every worker alike.
    sa.Column("next_slot_at", Timestamp, nullable=True),
)

# Send slots handed to workers (the shared hourly limit): `count` slots, the last at last_at.
send_grants = sa.Table(
    "send_grants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False),
    sa.Column("last_at", Timestamp, nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Index(None, "mailout_id", "last_at"),
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
    # The heartbeat lease: alive while lease_until is ahead; a lapsed lease means dead.
    sa.Column("lease_until", Timestamp, nullable=True),
    # Claims up to this delivery id may have begun (MAIL FROM written): committed first.
    sa.Column("started_upto", sa.BigInteger, nullable=False, server_default="0"),
)

# One row (id 1): bumped by every stop; SQLite workers poll it, PostgreSQL ones also LISTEN.
delivery_control = sa.Table(
    "delivery_control",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("stop_generation", sa.Integer, nullable=False),
)

# The check's result for a mailout: what was found, the audience, the verdict, and the
# content and audience hashes it was computed from (a later change makes it stale).
checks = sa.Table(
    "checks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False, index=True),
    sa.Column("checked_at", Timestamp, nullable=False),
    sa.Column("verdict", sa.String(10), nullable=False),
    sa.Column("deciding_rule", sa.String(200), nullable=False),
    sa.Column("findings", JSON_DOC, nullable=False),
    sa.Column("audience", JSON_DOC, nullable=False),
    sa.Column("exposure", JSON_DOC, nullable=False),
    sa.Column("matches", JSON_DOC, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("audience_hash", sa.String(64), nullable=False),
)

# -- People, the audit trail and switches (migration 0003) --

AUDIT_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(320), nullable=False, unique=True),
    sa.Column("name", sa.String(400), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("manager", sa.String(320), nullable=False, server_default=""),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("password_hash", sa.Text, nullable=True),
    # Web sessions signed in before this are void: set at sign-out, password change, disable.
    sa.Column("sessions_from", Timestamp, nullable=True),
)

# Only the SHA-256 of each token: the raw token is shown once and never stored.
api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("name", sa.String(200), nullable=False, server_default=""),
    sa.Column("last_used_at", Timestamp, nullable=True),
    # A revoked token is kept (with who revoked it) so the trail's token ids stay meaningful.
    sa.Column("revoked_at", Timestamp, nullable=True),
    sa.Column("revoked_by", sa.String(320), nullable=True),
)

# Append-only. Ids are assigned from audit_chain under its lock (not by a sequence, whose
# rolled-back values would leave gaps that look like deleted events). `details` is the
# exact JSON text that was hashed.
audit_events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("id", AUDIT_ID, primary_key=True, autoincrement=False),
    sa.Column("at", Timestamp, nullable=False),
    sa.Column("actor", sa.String(320), nullable=False),
    sa.Column("action", sa.String(60), nullable=False),
    sa.Column("object_type", sa.String(40), nullable=False),
    sa.Column("object_id", sa.String(320), nullable=False),
    sa.Column("details", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Index(None, "object_type", "object_id", "id"),
)

# One row (id 1): the last event's id and hash, MAC'd; appends lock it to stay linear.
audit_chain = sa.Table(
    "audit_chain",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("last_id", AUDIT_ID, nullable=False),
    sa.Column("last_hash", sa.String(64), nullable=False),
    sa.Column("key_check", sa.String(64), nullable=False, server_default=""),
    sa.Column("mac", sa.String(64), nullable=False, server_default=""),
)

# Named on/off switches; "emergency" holds every new mailout while it is on.
switches = sa.Table(
    "switches",
    metadata,
    sa.Column("name", sa.String(60), primary_key=True),
    sa.Column("is_on", sa.Boolean, nullable=False),
    sa.Column("since", Timestamp, nullable=True),
    sa.Column("by", sa.String(320), nullable=False, server_default=""),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
)

# A second person's decision on a held mailout, bound to a snapshot of content, audience and
# check; it counts only while the snapshot still matches and it has not expired.
approvals = sa.Table(
    "approvals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False, index=True),
    sa.Column("approver", sa.String(320), nullable=False),
    sa.Column("decision", sa.String(10), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("snapshot", sa.String(64), nullable=False),
    sa.Column("decided_at", Timestamp, nullable=False),
    sa.Column("expires_at", Timestamp, nullable=False),
)

# A sender's written justification for sending despite a warning.
overrides = sa.Table(
    "overrides",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False, index=True),
    sa.Column("by", sa.String(320), nullable=False),
    sa.Column("at", Timestamp, nullable=False),
    sa.Column("verdict", sa.String(10), nullable=False),
    sa.Column("justification", sa.Text, nullable=False),
    sa.Column("snapshot", sa.String(64), nullable=False),
)

# Single test copies (`mailbrake test-send`): kept apart from the delivery ledger so that
# "who got the mailout" never counts them, but on record all the same.
test_sends = sa.Table(
    "test_sends",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False),
    sa.Column("by", sa.String(320), nullable=False),
    sa.Column("to_addr", sa.String(320), nullable=False),
    sa.Column("rendered_for", sa.String(320), nullable=False),
    sa.Column("at", Timestamp, nullable=False),
    sa.Column("smtp_code", sa.Integer, nullable=False),
    sa.Column("smtp_reply", sa.Text, nullable=False),
    sa.Column("message_id", sa.String(400), nullable=False),
)

# -- Incidents (migration 0005): a mailout that went out anyway, and the response to it --

# What happened to an incident (opened, notified, correction, closed) is in the audit trail
# under object_type "incident"; this row holds the incident's current facts.
incidents = sa.Table(
    "incidents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=False, index=True),
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("summary", sa.Text, nullable=False, server_default=""),
    sa.Column("opened_by", sa.String(320), nullable=False),
    sa.Column("opened_at", Timestamp, nullable=False),
    sa.Column("automatic", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("brake_ms", sa.Float, nullable=True),
    sa.Column("correction_mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), nullable=True),
    sa.Column("correction_list_id", sa.Integer, sa.ForeignKey("lists.id"), nullable=True),
    sa.Column("closed_by", sa.String(320), nullable=True),
    sa.Column("closed_at", Timestamp, nullable=True),
    sa.Column("close_note", sa.Text, nullable=False, server_default=""),
)

# One row per recipient who confirmed deleting the original (through the signed link).
incident_confirmations = sa.Table(
    "incident_confirmations",
    metadata,
    sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), primary_key=True),
    sa.Column("subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), primary_key=True),
    sa.Column("confirmed_at", Timestamp, nullable=False),
)

# -- The SMTP gateway (migration 0010) --

# A list's own address: mail the gateway receives for it goes to the list's members.
list_addresses = sa.Table(
    "list_addresses",
    metadata,
    sa.Column("address", sa.String(320), primary_key=True),
    sa.Column("list_id", sa.Integer, sa.ForeignKey("lists.id"), nullable=False, unique=True),
    sa.Column("set_by", sa.String(320), nullable=False),
    sa.Column("set_at", Timestamp, nullable=False),
)

# Every message the gateway answered, relayed or not: "who got it" for gateway mail too.
gateway_messages = sa.Table(
    "gateway_messages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("received_at", Timestamp, nullable=False, index=True),
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

# The original bytes and envelope of a held gateway message, stored before the client's 250.
gateway_originals = sa.Table(
    "gateway_originals",
    metadata,
    sa.Column("mailout_id", sa.Integer, sa.ForeignKey("mailouts.id"), primary_key=True),
    sa.Column("mail_from", sa.String(320), nullable=False),
    sa.Column("envelope_rcpts", JSON_DOC, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("sender", sa.String(320), nullable=False),
)

# An admin's grant: USER may send through the gateway as ADDRESS (a shared mailbox).
send_as_grants = sa.Table(
    "send_as_grants",
    metadata,
    sa.Column("user_email", sa.String(320), primary_key=True),
    sa.Column("address", sa.String(320), primary_key=True),
    sa.Column("granted_by", sa.String(320), nullable=False),
    sa.Column("granted_at", Timestamp, nullable=False),
)
