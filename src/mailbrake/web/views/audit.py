"""The audit timeline, overall or for one mailout, and Verify (is the hash chain intact?)."""

from __future__ import annotations

from itertools import islice
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.requests import Request
from starlette.responses import Response

from mailbrake.audit import AuditEvent
from mailbrake.people import User
from mailbrake.store import Store
from mailbrake.web.auth import allowed, page_user
from mailbrake.web.context import web_of
from mailbrake.web.ids import MAX_ID, AfterId
from mailbrake.web.render import page

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(page_user)]
PAGE = 100


def events_page(
    store: Store, *, mailout: int | None, after: int, limit: int = PAGE
) -> list[AuditEvent]:
    """Events after id `after`, oldest first; one mailout's, or everything."""
    events = store.iter_events("mailout", mailout) if mailout is not None else store.iter_events()
    return list(islice((e for e in events if e.id > after), limit))


@router.get("/audit")
def timeline(
    request: Request,
    user: PageUser,
    mailout: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    after: AfterId = 0,
) -> Response:
    allowed(user, "audit.read")
    events = events_page(web_of(request).store, mailout=mailout, after=after)
    more = events[-1].id if len(events) == PAGE else None
    return page(request, "audit.html", user=user, events=events, mailout=mailout, more=more,
                verified=None)  # fmt: skip


@router.post("/audit/verify")
def verify(request: Request, user: PageUser) -> Response:
    allowed(user, "audit.read")
    store = web_of(request).store
    result = store.verify_chain()
    store.record_event(user.email, "audit.verified", "audit", "chain",
                       {"ok": result.ok, "count": result.count})  # fmt: skip
    return page(request, "audit.html", user=user, events=events_page(store, mailout=None, after=0),
                mailout=None, more=None, verified=result)  # fmt: skip
