"""The API's request and response bodies (their JSON Schema is the OpenAPI document's)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(BaseModel):
    code: str
    message: str
    hint: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class ListOut(BaseModel):
    name: str
    active: int
    members: int


class ListIn(Strict):
    name: str = Field(min_length=1, max_length=200)


class UnsubscribeIn(Strict):
    email: str = Field(min_length=3, max_length=320)


class MemberOut(BaseModel):
    id: int
    email: str
    name: str
    status: str


class MembersPage(BaseModel):
    items: list[MemberOut]
    next_cursor: str | None


class ProblemOut(BaseModel):
    where: str
    reason: str
    field: str


class ImportOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    list_name: str = Field(alias="list")
    rows: int
    joined: int
    duplicates: int
    bad: int
    committed: bool
    problems: list[ProblemOut]


class AttachmentIn(Strict):
    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field(default="application/octet-stream", max_length=200)
    data_base64: str


class MailoutIn(Strict):
    list_name: str = Field(min_length=1, max_length=200, alias="list")
    from_addr: str = Field(min_length=3, max_length=400, alias="from")
    subject: str = Field(max_length=998)
    text: str = Field(min_length=1)
    html: str | None = None
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class MailoutEdit(Strict):
    subject: str | None = Field(default=None, max_length=998)
    text: str | None = None
    html: str | None = None
    attachments: list[AttachmentIn] | None = Field(default=None, max_length=20)


class AttachmentOut(BaseModel):
    name: str
    type: str
    bytes: int


class MailoutOut(BaseModel):
    """The shape of `mailbrake mailouts show`."""

    id: int
    state: str
    list_name: str = Field(alias="list")
    from_: str = Field(alias="from")
    subject: str
    has_html: bool
    attachments: list[AttachmentOut]
    paused_reason: str
    created_at: str

    model_config = ConfigDict(populate_by_name=True)


class MailoutSummary(BaseModel):
    """The shape of one row of `mailbrake mailouts list --format json`."""

    model_config = ConfigDict(populate_by_name=True)

    id: int
    list_name: str = Field(alias="list")
    state: str
    subject: str
    created_at: str


class CheckOut(BaseModel):
    """The shape of `mailbrake check --format json`."""

    mailout: int
    checked_at: str
    verdict: str
    rule: str
    findings: list[dict[str, Any]]
    audience: dict[str, Any]
    exposure: dict[str, Any]
    matches: list[dict[str, Any]]


class TestSendIn(Strict):
    to: str | None = Field(default=None, max_length=320)
    as_recipient: str | None = Field(default=None, max_length=320)


class TestSendOut(BaseModel):
    to: str
    rendered_for: str
    smtp_code: int
    smtp_reply: str
    message_id: str


class SendIn(Strict):
    confirm: int | None = Field(default=None, ge=0)
    override: str | None = Field(default=None, max_length=2000)
    canary: str | None = Field(default=None, max_length=20)
    waves: str = Field(default="", max_length=200)
    rate: float | None = Field(default=None, gt=0, le=100_000)


class SendOut(BaseModel):
    mailout: int
    outcome: str  # held_for_approval, scheduled, started or already_sending
    message: str
    starts_at: str | None
    approvers: list[str]
    held_because: str
    total: int | None
    waves: int | None


class ResendOut(BaseModel):
    mailout: int
    requeued: int
    resumed: bool
    message: str


class NoteIn(Strict):
    note: str = Field(min_length=1, max_length=2000)


class StateOut(BaseModel):
    mailout: int
    state: str


class StatusOut(BaseModel):
    """The shape of `mailbrake status --format json`."""

    model_config = ConfigDict(populate_by_name=True)

    mailout: int
    state: str
    paused_reason: str
    list_name: str = Field(alias="list")
    total: int
    counts: dict[str, int]
    rate_per_second: float
    started_at: str | None
    finished_at: str | None
    wave: dict[str, int] | None
    auto_resume_at: str | None = None


class LedgerRow(BaseModel):
    email: str
    state: str
    attempts: int
    smtp_code: int | None
    smtp_reply: str | None
    message_id: str | None
    sent_at: str | None
    updated_at: str | None
    wave: int


class LedgerPage(BaseModel):
    items: list[LedgerRow]
    next_cursor: str | None


class StoppedOut(BaseModel):
    mailout: int
    from_: str = Field(alias="from")
    to: str
    sent: int
    in_flight: int
    halted: int
    in_flight_outcome: dict[str, int]

    model_config = ConfigDict(populate_by_name=True)


class FinalOut(BaseModel):
    mailout: int
    state: str


class StopOut(BaseModel):
    """The shape of `mailbrake stop --format json`."""

    ack_ms: float
    elapsed_ms: float
    unacknowledged: list[str]
    already_final: list[FinalOut]
    stopped: list[StoppedOut]
    incidents: list[int]


class IncidentIn(Strict):
    mailout: int = Field(ge=1, le=2_147_483_647)
    summary: str = Field(min_length=1, max_length=2000)
    notify: bool = True


class IncidentOut(BaseModel):
    id: int
    mailout: int
    state: str
    summary: str
    opened_by: str
    opened_at: str
    correction_mailout: int | None
    closed_at: str | None


class NotifiedOut(BaseModel):
    incident: int
    told: list[str]
    failed: list[str]


class FollowupIn(Strict):
    text: str = Field(min_length=1, max_length=100_000)
    subject: str | None = Field(default=None, max_length=998)
    include_uncertain: bool = True
    override: str | None = Field(default=None, max_length=2000)


class FollowupOut(BaseModel):
    incident: int
    mailout: int
    recipients: int
    send: SendOut


class ConfirmationOut(BaseModel):
    subscriber: int
    confirmed_at: str


class EventOut(BaseModel):
    id: int
    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


class EventsPage(BaseModel):
    items: list[EventOut]
    next_cursor: str | None


class VerifyOut(BaseModel):
    ok: bool
    count: int
    first_bad_id: int | None
    problem: str
    head_id: int
    head_hash: str


class UserOut(BaseModel):
    """The shape of `mailbrake users list --format json`."""

    email: str
    name: str
    role: str
    manager: str
    disabled: bool
    created_at: str


class UserIn(Strict):
    email: str = Field(min_length=3, max_length=320)
    name: str = Field(min_length=1, max_length=400)
    role: str = Field(pattern="^(sender|approver|admin)$")
    manager: str = Field(default="", max_length=320)
    password: str | None = Field(default=None, min_length=12, max_length=1024)


class UserChange(Strict):
    role: str | None = Field(default=None, pattern="^(sender|approver|admin)$")
    disabled: bool | None = None
