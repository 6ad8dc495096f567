"""Intake: what the SMTP gateway does with one submitted message (relay, hold or block).

The gateway is a front door: it parses SMTP and calls these functions. Every decision about
a message (who may send it, who would receive it, what the check says, whether it passes
straight on or is held) is made here, with the same check core and policy as a campaign.
"""

from __future__ import annotations

import email.policy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from enum import StrEnum

from mailbrake.extract import extract_message
from mailbrake.models import AudienceFacts, Finding, NewSubscriber, Verdict
from mailbrake.people import User
from mailbrake.pipeline.analyse import Analyser, analyse
from mailbrake.policy import Decision
from mailbrake.settings import Settings
from mailbrake.store import Store


class Route(StrEnum):
    RELAY = "relay"  # small and clean: straight on to the upstream relay
    HOLD = "hold"  # a gateway mailout: approval, undo window, waves
    BLOCK = "block"  # 550: the policy blocks it
    DEFER = "defer"  # 451: the emergency switch is on and this is bulk mail


@dataclass(frozen=True, slots=True)
class Submission:
    """One message as the gateway received it."""

    user: User | None  # the authenticated user; None for a trusted-network client
    client: str  # the peer address
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    received_at: datetime


@dataclass(frozen=True, slots=True)
class Assessment:
    """The check of a submission and the road it takes."""

    route: Route
    recipients: tuple[NewSubscriber, ...]  # after expanding list addresses
    findings: tuple[Finding, ...]
    facts: AudienceFacts
    verdict: Verdict
    rule: str
    reason: str  # one line for the SMTP reply and the sender's notice
    message_id: str
    from_header: str


def header_message(data: bytes) -> EmailMessage:
    """The headers of a raw message (the body is not parsed a second time)."""
    parser = BytesParser(policy=email.policy.default)
    message = parser.parsebytes(data, headersonly=True)
    assert isinstance(message, EmailMessage)
    return message


def from_address(data: bytes) -> str:
    """The address in the From header, lower-cased ('' when there is none)."""
    try:
        raw = str(header_message(data).get("From", ""))
    except Exception:  # a malformed header is no address
        return ""
    return parseaddr(raw)[1].strip().lower()


def may_send_as(store: Store, user: User, address: str) -> bool:
    """A user sends as themselves, or as an address an admin granted them."""
    address = address.strip().lower()
    return address == user.email or store.may_send_as(user.email, address)


def expand(store: Store, rcpt_tos: Sequence[str], data: bytes) -> tuple[NewSubscriber, ...]:
    """Envelope recipients with list addresses replaced by the lists' active members, each
    address once; display names come from the list or the To/Cc headers."""
    names = _header_names(data)
    seen: dict[str, NewSubscriber] = {}
    addresses = [rcpt.strip().lower() for rcpt in rcpt_tos]
    known = store.lists_for_addresses(addresses)
    for address in addresses:
        found = known.get(address)
        if found is None:
            seen.setdefault(address, NewSubscriber(address, names.get(address, "")))
            continue
        for member in store.iter_recipients(found.id):
            seen.setdefault(member.email, NewSubscriber(member.email, member.name))
    return tuple(seen.values())


def _header_names(data: bytes) -> dict[str, str]:
    try:
        message = header_message(data)
        values = [str(v) for key in ("To", "Cc") for v in message.get_all(key, [])]
    except Exception:
        return {}
    return {addr.lower(): name for name, addr in getaddresses(values) if addr}


def assess(
    store: Store, settings: Settings, analyser: Analyser, submission: Submission
) -> Assessment:
    """Expand the audience, run the check core (the campaign's), and choose the route."""
    recipients = expand(store, submission.rcpt_tos, submission.data)
    extraction = extract_message(submission.data)
    analysis = analyse(extraction, _pairs(recipients), analyser)
    facts = analysis.facts or AudienceFacts(size=len(recipients), external=0)
    decision = analysis.decision
    route, reason = _route(store, settings, decision, len(recipients))
    headers = _safe_headers(submission.data)
    return Assessment(
        route=route,
        recipients=recipients,
        findings=analysis.findings,
        facts=facts,
        verdict=decision.verdict,
        rule=decision.deciding_rule,
        reason=reason,
        message_id=headers[0],
        from_header=headers[1],
    )


def _pairs(recipients: Sequence[NewSubscriber]) -> Iterator[tuple[str, str]]:
    return ((r.email, r.name) for r in recipients)


def _route(
    store: Store, settings: Settings, decision: Decision, audience: int
) -> tuple[Route, str]:
    if decision.verdict is Verdict.BLOCK:
        return Route.BLOCK, f"blocked by the policy (rule: {decision.deciding_rule})"
    bulk = audience > settings.gateway_hold_threshold
    emergency = store.emergency()
    if emergency.on and bulk:
        return Route.DEFER, f"the emergency switch is on ({emergency.reason}); try later"
    if not bulk and decision.verdict is Verdict.ALLOW:
        return Route.RELAY, "clean"
    if bulk:
        return Route.HOLD, (
            f"{audience:,} recipients is more than the gateway passes at once "
            f"({settings.gateway_hold_threshold})"
        )
    return Route.HOLD, f"the check says {decision.verdict} (rule: {decision.deciding_rule})"


def _safe_headers(data: bytes) -> tuple[str, str]:
    try:
        message = header_message(data)
        return str(message.get("Message-ID", "")).strip(), str(message.get("From", ""))
    except Exception:
        return "", ""


def only_internal(settings: Settings, recipients: Sequence[NewSubscriber]) -> bool:
    """Every recipient is in an internal domain (or a subdomain of one)."""
    domains = settings.internal_domains
    for recipient in recipients:
        domain = recipient.email.rpartition("@")[2]
        if not any(domain == d or domain.endswith(f".{d}") for d in domains):
            return False
    return True
