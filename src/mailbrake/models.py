"""Frozen dataclasses and StrEnums that cross stage boundaries."""

from __future__ import annotations

from collections.abc import Mapping
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


class Origin(StrEnum):
    """Whom a finding's value reaches: everyone the same, or each recipient their own.

    SHARED: written in the content, or a merge that renders the same for every recipient, so
    one value (one person's data) goes to the whole audience. OWN: a merge field that gives
    each recipient their own value (mail merge of their own data).
    """

    SHARED = "shared"
    OWN = "own"


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

    def as_list(self) -> list[str]:
        return [self.part, self.name, self.detail]


@dataclass(frozen=True, slots=True)
class TextSegment:
    """One piece of extracted text and where it came from."""

    location: Location
    text: str
    quoted: bool = False  # inside a quoted reply chain
    # A mailout's template as written (subject and bodies of a campaign): its markup is not
    # what recipients read; the meaning model reads it as it prints (rules.meaning).
    template: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a detector saw. `snippet` is already redacted; the raw value never leaves."""

    category: Category
    detector: str
    kind: str  # e.g. "iban", "us_ssn", "aws_access_key", "classification_marker"
    location: Location
    snippet: str
    confidence: Confidence
    origin: Origin = Origin.SHARED
    # A learned detector's probability and the words that weighed most (None/() for rules).
    score: float | None = None
    words: tuple[str, ...] = ()

    @property
    def score_note(self) -> str:
        """ " (model score 0.87)" after a learned detector's finding; "" after a rule's."""
        return "" if self.score is None else f" (model score {self.score:.2f})"

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "category": str(self.category),
            "detector": self.detector,
            "type": self.kind,
            "location": str(self.location),
            "snippet": self.snippet,
            "confidence": str(self.confidence),
        }
        if self.origin is not Origin.SHARED:  # stored results stay as they were otherwise
            found["origin"] = str(self.origin)
        if self.score is not None:
            found["score"] = self.score
            found["words"] = list(self.words)
        return found


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


class ApprovalDecision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class AudienceFacts:
    """Who would receive a message, reduced to what the policy needs."""

    size: int
    external: int
    external_domains: Mapping[str, int] = field(default_factory=dict)
    named_recipients: tuple[str, ...] = ()  # emails of recipients named in the content

    def as_dict(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "external": self.external,
            "external_domains": dict(self.external_domains),
            "named_recipients": list(self.named_recipients),
        }


@dataclass(frozen=True, slots=True)
class Exposure:
    """How much harm the message could do, with the components that add up to `score`."""

    score: float
    parts: Mapping[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"score": self.score, "parts": dict(self.parts)}


@dataclass(frozen=True, slots=True)
class RuleMatch:
    rule: str
    action: Verdict
    reason: str
    audit_only: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "action": str(self.action),
            "reason": self.reason,
            "audit_only": self.audit_only,
        }


@dataclass(frozen=True, slots=True)
class CheckResult:
    """A stored check: findings, audience facts, exposure and policy matches, plus the
    content and audience hashes it was computed from."""

    mailout_id: int
    checked_at: datetime
    verdict: Verdict
    deciding_rule: str
    findings: tuple[Finding, ...]
    audience: AudienceFacts
    exposure: Exposure
    matches: tuple[RuleMatch, ...]
    content_hash: str
    audience_hash: str

    def as_json(self) -> dict[str, object]:
        """The shape of `mailbrake check --format json` (and of the API)."""
        return {
            "mailout": self.mailout_id,
            "checked_at": self.checked_at.isoformat(),
            "verdict": str(self.verdict),
            "rule": self.deciding_rule,
            "findings": [f.as_dict() for f in self.findings],
            "audience": self.audience.as_dict(),
            "exposure": self.exposure.as_dict(),
            "matches": [m.as_dict() for m in self.matches],
        }


class GatewayDisposition(StrEnum):
    """What the SMTP gateway did with a message it received."""

    RELAYED = "relayed"  # passed on to the upstream relay at once
    HELD = "held"  # stored as a gateway mailout, waiting for approval/release
    BLOCKED = "blocked"  # refused with 550 by the policy
    REFUSED = "refused"  # the upstream relay refused it (its 5xx passed back)
    DEFERRED = "deferred"  # the upstream relay could not take it now (4xx passed back)


@dataclass(frozen=True, slots=True)
class GatewayRecord:
    """One message the gateway answered: who sent it, to whom, and what became of it."""

    received_at: datetime
    auth_user: str
    client: str
    mail_from: str
    recipients: tuple[str, ...]
    message_id: str
    size: int
    verdict: Verdict
    rule: str
    disposition: GatewayDisposition
    upstream_code: int | None = None
    upstream_reply: str = ""
    mailout_id: int | None = None
    id: int = 0


@dataclass(frozen=True, slots=True)
class GatewayOriginal:
    """A held message exactly as the client sent it: envelope and bytes."""

    mailout_id: int
    sender: str  # the authenticated user it came from
    mail_from: str
    envelope_rcpts: tuple[str, ...]
    data: bytes
