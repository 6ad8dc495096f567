"""/lists: lists, their members (paged, searchable), CSV import, unsubscribe."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile

from mailbrake.web.api.deps import ApiUser, WebDep, read_cursor
from mailbrake.web.api.schemas import (
    ImportOut,
    ListIn,
    ListOut,
    MemberOut,
    MembersPage,
    ProblemOut,
    UnsubscribeIn,
)
from mailbrake.web.auth import allowed
from mailbrake.web.ids import MAX_ID
from mailbrake.web.imports import MAX_CSV_BYTES, import_upload

router = APIRouter(tags=["lists"])


@router.get("/lists", summary="All lists with their sizes")
def all_lists(user: ApiUser, web: WebDep) -> list[ListOut]:
    return [ListOut(name=m.name, active=m.active, members=m.total) for m in web.store.list_lists()]


@router.post("/lists", status_code=201, summary="Create a list")
def create_list(body: ListIn, user: ApiUser, web: WebDep) -> ListOut:
    allowed(user, "lists.create")
    created = web.store.create_list(body.name.strip(), actor=user.email)
    return ListOut(name=created.name, active=0, members=0)


@router.get("/lists/{name}/members", summary="Members, paged; `q` searches address and name")
def members(
    name: str,
    user: ApiUser,
    web: WebDep,
    q: Annotated[str, Query(max_length=200)] = "",
    cursor: Annotated[str, Query(max_length=40)] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> MembersPage:
    target = web.store.get_list(name)
    rows = web.store.members_page(target.id, search=q, after=min(read_cursor(cursor), MAX_ID),
                                   limit=limit)  # fmt: skip
    items = [MemberOut(id=r.subscriber_id, email=r.email, name=r.name, status=r.status)
             for r in rows]  # fmt: skip
    more = str(rows[-1].subscriber_id) if len(rows) == limit else None
    return MembersPage(items=items, next_cursor=more)


@router.post("/lists/{name}/import", summary="Import a CSV (multipart field `file`)")
async def import_members(
    name: str, user: ApiUser, web: WebDep, file: Annotated[UploadFile, File()]
) -> ImportOut:
    allowed(user, "lists.import")
    data = await file.read(MAX_CSV_BYTES + 1)
    report = import_upload(web.store, name, file.filename or "upload.csv", data, actor=user.email)
    return ImportOut(
        list_name=report.list_name, rows=report.rows, joined=report.joined,
        duplicates=report.duplicates, bad=report.bad, committed=report.committed,
        problems=[ProblemOut(where=p.where, reason=p.reason, field=p.field)
                  for p in report.problems],
    )  # fmt: skip


@router.post("/lists/{name}/unsubscribe", summary="Unsubscribe one address from this list")
def unsubscribe(name: str, body: UnsubscribeIn, user: ApiUser, web: WebDep) -> MemberOut:
    allowed(user, "lists.import")
    gone = web.store.unsubscribe(body.email, name, actor=user.email)
    return MemberOut(id=gone.id, email=gone.email, name=gone.name, status="unsubscribed")
