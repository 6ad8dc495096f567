"""/audit: the events (paged, optionally about one object) and verification of the chain."""

from __future__ import annotations

from itertools import islice
from typing import Annotated

from fastapi import APIRouter, Query

from mailbrake.web.api.deps import ApiUser, WebDep, read_cursor
from mailbrake.web.api.schemas import EventOut, EventsPage, VerifyOut
from mailbrake.web.auth import allowed

router = APIRouter(tags=["audit"])


@router.get("/audit/events", summary="Audit events, oldest first, paged")
def events(
    user: ApiUser,
    web: WebDep,
    object_type: Annotated[str | None, Query(max_length=40)] = None,
    object_id: Annotated[str | None, Query(max_length=320)] = None,
    cursor: Annotated[str, Query(max_length=40)] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> EventsPage:
    allowed(user, "audit.read")
    found = web.store.iter_events(object_type, object_id, after=read_cursor(cursor))
    page = list(islice(found, limit))
    more = str(page[-1].id) if len(page) == limit else None
    return EventsPage(items=[EventOut(**e.as_dict()) for e in page], next_cursor=more)


@router.post("/audit/verify", summary="Verify the hash chain")
def verify(user: ApiUser, web: WebDep) -> VerifyOut:
    allowed(user, "audit.read")
    r = web.store.verify_chain()
    return VerifyOut(ok=r.ok, count=r.count, first_bad_id=r.first_bad_id, problem=r.problem,
                     head_id=r.head_id, head_hash=r.head_hash)  # fmt: skip
