"""Lists: their members (paged, searchable), CSV upload with the per-line report, and
unsubscribing a member."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mailbrake.people import User
from mailbrake.web.auth import allowed, page_user
from mailbrake.web.context import web_of
from mailbrake.web.ids import AfterId
from mailbrake.web.imports import MAX_CSV_BYTES, import_upload
from mailbrake.web.render import page

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(page_user)]
PAGE = 50


@router.get("/lists")
def lists(request: Request, user: PageUser) -> Response:
    return page(request, "lists.html", user=user, lists=web_of(request).store.list_lists())


@router.post("/lists")
def create(
    request: Request, user: PageUser, name: Annotated[str, Form(min_length=1, max_length=200)]
) -> Response:
    allowed(user, "lists.create")
    created = web_of(request).store.create_list(name.strip(), actor=user.email)
    return RedirectResponse(f"/lists/{created.name}", status_code=303)


@router.get("/lists/{name}")
def members(
    request: Request, user: PageUser, name: str, q: str = "", after: AfterId = 0
) -> Response:
    store = web_of(request).store
    target = store.get_list(name)
    rows = store.members_page(target.id, search=q, after=after, limit=PAGE + 1)
    more = rows[PAGE - 1].subscriber_id if len(rows) > PAGE else None
    return page(request, "list.html", user=user, target=target, members=rows[:PAGE], q=q,
                more=more, report=None)  # fmt: skip


@router.post("/lists/{name}/import")
async def upload(
    request: Request, user: PageUser, name: str, file: Annotated[UploadFile, File()]
) -> Response:
    allowed(user, "lists.import")
    store = web_of(request).store
    data = await file.read(MAX_CSV_BYTES + 1)
    report = import_upload(store, name, file.filename or "upload.csv", data, actor=user.email)
    target = store.get_list(name)
    rows = store.members_page(target.id, limit=PAGE)
    return page(request, "list.html", user=user, target=target, members=rows, q="",
                more=None, report=report)  # fmt: skip


@router.post("/lists/{name}/unsubscribe")
def unsubscribe(
    request: Request, user: PageUser, name: str, email: Annotated[str, Form(max_length=320)]
) -> Response:
    allowed(user, "lists.import")
    store = web_of(request).store
    store.unsubscribe(email, name, actor=user.email)
    return RedirectResponse(f"/lists/{name}", status_code=303)
