"""Append-only, hash-chained audit events: the hashing and the chain check, as pure functions."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from mailbrake.errors import MailbrakeError

# Fixed label: the audit key is derived from secret_key, so the raw secret (which also signs
# unsubscribe links) is never used directly, and a leak of one key does not give the other.
AUDIT_KEY_LABEL = b"mailbrake audit chain v1"
GENESIS = "0" * 64  # the prev_hash of event 1
ACTION_FORMAT = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


class AuditChainError(MailbrakeError):
    """The audit trail cannot be trusted or extended: it was altered, or the key is wrong."""


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: int
    at: datetime
    actor: str  # an e-mail address, or "system"
    action: str  # "mailout.state", "approval.granted", "emergency.on", ...
    object_type: str  # "mailout", "user", "switch", ...
    object_id: str
    details: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": iso(self.at),
            "actor": self.actor,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "details": self.details,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The last event's id and hash, kept apart from the events so a cut-off tail shows."""

    last_id: int
    last_hash: str
    key_check: str
    mac: str


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    count: int  # events checked and found intact before the first problem
    first_bad_id: int | None = None
    problem: str = ""
    head_id: int = 0
    head_hash: str = ""


def derive_audit_key(secret: bytes) -> bytes:
    return hmac.new(secret, AUDIT_KEY_LABEL, hashlib.sha256).digest()


def iso(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("audit times must be aware UTC datetimes")
    return at.astimezone(UTC).isoformat()


def canonical(value: Any) -> str:
    """One JSON spelling per value: sorted keys, no spaces, no NaN."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def clean_details(details: Mapping[str, Any] | None) -> dict[str, Any]:
    """The details as they will read back from the database (JSON types only)."""
    text = json.dumps(dict(details or {}), default=str, allow_nan=False)
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def check_action(action: str) -> None:
    if not ACTION_FORMAT.match(action):
        raise ValueError(f"audit action {action!r} must be dotted lower-case, e.g. 'user.added'")


def event_hash(key: bytes, event: AuditEvent) -> str:
    fields = [
        event.id,
        iso(event.at),
        event.actor,
        event.action,
        event.object_type,
        event.object_id,
        event.details,
        event.prev_hash,
    ]
    return _mac(key, canonical(fields))


def seal(key: bytes, event: AuditEvent) -> AuditEvent:
    """The event with its hash filled in."""
    return AuditEvent(
        event.id, event.at, event.actor, event.action, event.object_type, event.object_id,
        event.details, event.prev_hash, event_hash(key, event),
    )  # fmt: skip


def key_check(key: bytes) -> str:
    """A fingerprint of the key, so a changed secret_key is named as such, not as tampering."""
    return _mac(key, "key-check")


def head_mac(key: bytes, last_id: int, last_hash: str, check: str) -> str:
    return _mac(key, canonical(["head", last_id, last_hash, check]))


def new_head(key: bytes, last: AuditEvent) -> ChainHead:
    check = key_check(key)
    return ChainHead(last.id, last.hash, check, head_mac(key, last.id, last.hash, check))


def head_problem(key: bytes, head: ChainHead | None) -> str:
    """Why the head cannot be trusted, or "" when it can."""
    if head is None:
        return "the chain head row is missing"
    if head.last_id == 0 and not head.mac:
        return "" if head.last_hash == GENESIS else "the chain head was altered"
    if not head.mac or not head.key_check:
        return "the chain head was altered"
    if not hmac.compare_digest(head.key_check, key_check(key)):
        return (
            "the audit key is not the one this trail was written with "
            "(was secret_key or secret_file changed?)"
        )
    expected = head_mac(key, head.last_id, head.last_hash, head.key_check)
    if not hmac.compare_digest(head.mac, expected):
        return "the chain head was altered (its MAC does not match)"
    return ""


def verify_events(key: bytes, head: ChainHead | None, events: Iterable[AuditEvent]) -> VerifyResult:
    """Walk the events in id order and name the first one altered, missing or inserted."""
    problem = head_problem(key, head)
    if head is None or problem:
        return VerifyResult(False, 0, None, problem)
    walk = _Walk(key, head)
    for event, following in _pairs(events):
        problem = walk.problem(event, following)
        if problem:
            bad_id = walk.bad_id
            return VerifyResult(False, walk.count, bad_id, problem, head.last_id, head.last_hash)
        walk.accept(event)
    problem = walk.end_problem()
    if problem:
        return VerifyResult(False, walk.count, walk.bad_id, problem, head.last_id, head.last_hash)
    return VerifyResult(True, walk.count, None, "", head.last_id, head.last_hash)


class _Walk:
    """The state of a chain walk: the last good event and how many were good."""

    def __init__(self, key: bytes, head: ChainHead) -> None:
        self.key = key
        self.head = head
        self.last_id = 0
        self.last_hash = GENESIS
        self.count = 0
        self.bad_id: int | None = None

    def accept(self, event: AuditEvent) -> None:
        self.last_id, self.last_hash = event.id, event.hash
        self.count += 1

    def problem(self, event: AuditEvent, following: AuditEvent | None) -> str:
        expected = self.last_id + 1
        is_valid = hmac.compare_digest(event.hash, event_hash(self.key, event))
        is_linked = event.prev_hash == self.last_hash
        is_next = is_valid and is_linked and event.id == expected
        if event.id > self.head.last_id:
            return self._beyond_head(event, is_next)
        if is_next:
            return ""
        # Whoever comes next (the following event, or the head for the last one) holds the
        # hash the chain committed to; an event still carrying it was changed in place.
        committed = following.prev_hash if following is not None else self.head.last_hash
        if not is_valid and event.hash == committed:
            return self._fail(event.id, f"event {event.id} was altered")
        if event.id > expected:
            return self._missing(expected, event.id)
        if following is not None and following.prev_hash == self.last_hash:
            return self._fail(
                event.id,
                f"event {event.id} was inserted (event {following.id} links straight "
                f"to {self._name_last()})",
            )
        if is_valid and not is_linked:
            # Intact but from somewhere else (another chain under the same key).
            return self._fail(
                event.id,
                f"event {event.id} was inserted (its prev_hash does not match {self._name_last()})",
            )
        # The row at this place is not the event the chain holds, and nothing skips over it:
        # it was rewritten where it stands.
        return self._fail(event.id, f"event {event.id} was altered")

    def _beyond_head(self, event: AuditEvent, is_next: bool) -> str:
        end = self.head.last_id
        if is_next:
            # Only the key holder can write an intact, linked event: the head is what is old.
            return self._fail(
                event.id,
                f"the chain head was rolled back: it ends at event {end}, "
                f"but event {event.id} follows intact",
            )
        return self._fail(
            event.id, f"event {event.id} was inserted (the chain head ends at event {end})"
        )

    def end_problem(self) -> str:
        if self.last_id < self.head.last_id:
            first, last = self.last_id + 1, self.head.last_id
            which = f"event {first} is" if first == last else f"events {first} to {last} are"
            return self._fail(
                first,
                f"{which} missing (the chain head ends at event {last}, "
                f"the last event present is {self.last_id})",
            )
        if self.last_hash != self.head.last_hash:
            return self._fail(self.last_id, f"the chain head does not match event {self.last_id}")
        return ""

    def _missing(self, expected: int, found: int) -> str:
        if expected == 1:
            return self._fail(1, f"event 1 is missing (the chain starts at event {found})")
        return self._fail(
            expected, f"event {expected} is missing (chain jumps from {self.last_id} to {found})"
        )

    def _name_last(self) -> str:
        return f"event {self.last_id}" if self.last_id else "the start of the chain"

    def _fail(self, bad_id: int, problem: str) -> str:
        self.bad_id = bad_id
        return problem


def _pairs(events: Iterable[AuditEvent]) -> Iterator[tuple[AuditEvent, AuditEvent | None]]:
    """Each event with the one after it (None for the last)."""
    iterator = iter(events)
    current = next(iterator, None)
    while current is not None:
        following = next(iterator, None)
        yield current, following
        current = following


def _mac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()
