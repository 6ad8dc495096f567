"""/held (gateway mail waiting for IT review: list, release, return, discard) and
/gateway/messages (what the gateway answered, newest first, paged)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from mailbrake.models import Finding, GatewayRecord
from mailbrake.web.api.deps import ApiUser, WebDep, read_cursor
from mailbrake.web.api.schemas import NoteIn
from mailbrake.web.api.shapes import iso
from mailbrake.web.auth import allowed
from mailbrake.web.context import Web
from mailbrake.web.held_review import HeldAction, HeldItem, act, held_items
from mailbrake.web.ids import MailoutId

router = APIRouter(tags=["held mail"])


class FindingOut(BaseModel):
    category: str
    type: str
    location: str
    snippet: str  # already redacted
    confidence: str


class HeldOut(BaseModel):
    """The shape of `mailbrake held --format json`, plus the audience and findings."""

    id: int
    state: str
    sender: str
    subject: str
    recipients: int
    external: int
    verdict: str
    rule: str
    findings: int
    found: list[FindingOut]
    asked: list[str]
    starts_at: str | None
    received_at: str


class ReviewOut(BaseModel):
    mailout: int
    action: str
    state: str
    starts_at: str | None


class GatewayMessageOut(BaseModel):
    """The shape of one row of `mailbrake gateway log --format json`."""

    id: int
    received_at: str
    auth_user: str
    client: str
    mail_from: str
    recipients: list[str]
    message_id: str
    size: int
    verdict: str
    rule: str
    disposition: str
    upstream_code: int | None
    upstream_reply: str
    mailout_id: int | None


class GatewayMessagesPage(BaseModel):
    items: list[GatewayMessageOut]
    next_cursor: str | None


def finding_out(f: Finding) -> FindingOut:
    return FindingOut(category=str(f.category), type=f.kind, location=str(f.location),
                      snippet=f.snippet, confidence=str(f.confidence))  # fmt: skip


def held_out(h: HeldItem) -> HeldOut:
    findings = h.check.findings if h.check is not None else ()
    return HeldOut(
        id=h.mailout.id, state=str(h.mailout.state), sender=h.mailout.created_by,
        subject=h.mailout.content.subject, recipients=h.recipients, external=h.external,
        verdict=str(h.check.verdict) if h.check else "unchecked",
        rule=h.check.deciding_rule if h.check else "", findings=len(findings),
        found=[finding_out(f) for f in findings], asked=list(h.asked),
        starts_at=iso(h.starts_at), received_at=h.mailout.created_at.isoformat(),
    )  # fmt: skip


def message_out(r: GatewayRecord) -> GatewayMessageOut:
    return GatewayMessageOut(
        id=r.id, received_at=str(r.received_at), auth_user=r.auth_user, client=r.client,
        mail_from=r.mail_from, recipients=list(r.recipients), message_id=r.message_id,
        size=r.size, verdict=str(r.verdict), rule=r.rule, disposition=str(r.disposition),
        upstream_code=r.upstream_code, upstream_reply=r.upstream_reply, mailout_id=r.mailout_id,
    )  # fmt: skip


@router.get("/held", summary="Gateway mail waiting for review (approvers)")
def held(user: ApiUser, web: WebDep) -> list[HeldOut]:
    return [held_out(h) for h in held_items(web.store, user)]


def _review(web: Web, user: ApiUser, mailout_id: int, action: HeldAction, note: str) -> ReviewOut:
    done = act(web.store, web.settings, web.clock, user, mailout_id, action, note)
    state = web.store.get_mailout(mailout_id).state
    starts_at = done.starts_at if done is not None else None
    return ReviewOut(mailout=mailout_id, action=str(action), state=str(state),
                     starts_at=iso(starts_at))  # fmt: skip


@router.post("/held/{mailout_id}/release", summary="Release held gateway mail (not your own)")
def release(mailout_id: MailoutId, body: NoteIn, user: ApiUser, web: WebDep) -> ReviewOut:
    return _review(web, user, mailout_id, HeldAction.RELEASE, body.note)


@router.post("/held/{mailout_id}/return", summary="Cancel it and send the note to its sender")
def return_(mailout_id: MailoutId, body: NoteIn, user: ApiUser, web: WebDep) -> ReviewOut:
    return _review(web, user, mailout_id, HeldAction.RETURN, body.note)


@router.post("/held/{mailout_id}/discard", summary="Cancel it without telling the sender")
def discard(mailout_id: MailoutId, body: NoteIn, user: ApiUser, web: WebDep) -> ReviewOut:
    return _review(web, user, mailout_id, HeldAction.DISCARD, body.note)


@router.get("/gateway/messages", summary="What the gateway answered, newest first, paged")
def gateway_messages(
    user: ApiUser,
    web: WebDep,
    cursor: Annotated[str, Query(max_length=40)] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> GatewayMessagesPage:
    allowed(user, "audit.read")
    before = read_cursor(cursor) or None  # newest first: the next page is below the cursor
    page = web.store.gateway_messages(limit=limit, before=before)
    more = str(page[-1].id) if len(page) == limit else None
    return GatewayMessagesPage(items=[message_out(r) for r in page], next_cursor=more)
