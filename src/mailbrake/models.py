"""Frozen dataclasses and StrEnums that cross stage boundaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any


class MailoutState(StrEnum):
    DRAFT = "draft"
    CHECKED = "checked"
    AWAITING_APPROVAL = "awaiting_approval"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    PAUSED = "paused"
    DONE = "done"
    HALTED = "halted"
    CANCELLED = "cancelled"


class DeliveryState(StrEnum):
    QUEUED = "queued"
    CLAIMED = "claimed"
    SENT = "sent"
    DEFERRED = "deferred"
    FAILED = "failed"
    HALTED = "halted"
    UNCERTAIN = "uncertain"


class SubscriberStatus(StrEnum):
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"
    BOUNCED = "bounced"


class Category(StrEnum):
    PERSONAL_DATA = "personal_data"
    CONFIDENTIAL = "confidential"
    INTERNAL = "internal"
    CREDENTIALS = "credentials"
    GOSSIP = "gossip"
    UNSCANNABLE = "unscannable"


class Confidence(IntEnum):
    """How sure a detector is; policies compare tiers with >=.

    LOW: a pattern matched but nothing confirmed it (worth a warning at most).
    MEDIUM: a pattern plus supporting context, or a checksum with weak context.
    HIGH: checksum-confirmed identifier, provider key format, or an explicit marker.
    """

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    def __str__(self) -> str:
        return self.name.lower()


class Verdict(IntEnum):
    """Policy outcome, ordered so that max() picks the strictest."""

    ALLOW = 0
    WARN = 1
    HOLD = 2
    BLOCK = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Location:
    """Where in a message a piece of text came from.

    part: "subject", "body", "body.html", "attachment"; name: the attachment's file name
    (nested as "outer.zip/inner.docx"); detail: sheet, page, "comments", "tracked changes".
    """

    part: str
    name: str = ""
    detail: str = ""

    def __str__(self) -> str:
        return "/".join(p for p in (self.part, self.name, self.detail) if p)


@dataclass(frozen=True, slots=True)
class TextSegment:
    """One piece of extracted text and where it came from."""

    location: Location
    text: str
    quoted: bool = False  # inside a quoted reply chain


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a detector saw. `snippet` is already redacted; the raw value never leaves."""

    category: Category
    detector: str
    kind: str  # e.g. "iban", "us_ssn", "aws_access_key", "classification_marker"
    location: Location
    snippet: str
    confidence: Confidence
    # A learned detector's probability and the words that weighed most (None/() for rules).
    score: float | None = None
    words: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "category": str(self.category),
            "detector": self.detector,
            "type": self.kind,
            "location": str(self.location),
            "snippet": self.snippet,
            "confidence": str(self.confidence),
        }
        if self.score is not None:
            data["score"] = self.score
            data["words"] = list(self.words)
        return data


@dataclass(frozen=True, slots=True)
class Subscriber:
    id: int
    email: str
    name: str
    attributes: dict[str, str] = field(default_factory=dict)
    status: SubscriberStatus = SubscriberStatus.ACTIVE

    def template_fields(self) -> dict[str, str]:
        """The fields a subject/body template can use for this recipient."""
        return {**self.attributes, "email": self.email, "name": self.name}


@dataclass(frozen=True, slots=True)
class MailingList:
    id: int
    name: str
    created_at: datetime
    active: int = 0
    total: int = 0


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str  # "application/pdf"
    data: bytes


@dataclass(frozen=True, slots=True)
class MailoutContent:
    """What a mailout says: templates, not yet rendered for a recipient."""

    from_addr: str
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True, slots=True)
class Mailout:
    id: int
    list_id: int
    list_name: str
    state: MailoutState
    content: MailoutContent
    created_at: datetime
    created_by: str = ""
    paused_reason: str = ""
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SmtpReply:
    """The server's answer to one message; code 0 means no reply was received."""

    code: int
    text: str

    @property
    def is_success(self) -> bool:
        return 200 <= self.code < 300

    @property
    def is_transient(self) -> bool:
        return 400 <= self.code < 500 or self.code == 0

    @property
    def is_permanent(self) -> bool:
        return self.code >= 500


@dataclass(frozen=True, slots=True)
class Envelope:
    """One message ready to leave: SMTP envelope plus the exact bytes."""

    sender: str
    recipient: str
    data: bytes
    message_id: str


@dataclass(frozen=True, slots=True)
class NewSubscriber:
    """A subscriber as read from an import, before it has an id."""

    email: str
    name: str = ""
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """A stored check: JSON-ready findings, audience facts, exposure and policy matches,
    plus the content and audience hashes it was computed from."""

    mailout_id: int
    checked_at: datetime
    verdict: Verdict
    deciding_rule: str
    findings: tuple[dict[str, Any], ...]
    audience: dict[str, Any]
    exposure: dict[str, Any]
    matches: tuple[dict[str, Any], ...]
    content_hash: str
    audience_hash: str
