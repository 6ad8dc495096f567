"""Held mail (gateway mailouts waiting for IT review: release, return to sender, discard)
and the gateway log (what the gateway relayed, held, blocked or had refused upstream)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mailbrake.people import User
from mailbrake.web.auth import allowed, page_user
from mailbrake.web.context import web_of
from mailbrake.web.held_review import HeldAction, act, held_items
from mailbrake.web.ids import MailoutId
from mailbrake.web.render import page

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(page_user)]
Note = Annotated[str, Form(max_length=2000)]
LOG_ROWS = 200
DONE: dict[str, str] = {
    HeldAction.RELEASE: "was released: it goes out after its undo window",
    HeldAction.RETURN: "was returned to its sender with your note",
    HeldAction.DISCARD: "was discarded",
}


@router.get("/held-mail")
def held_page(request: Request, user: PageUser) -> Response:
    items = held_items(web_of(request).store, user)
    done = DONE.get(request.query_params.get("done", ""), "")
    mailout = request.query_params.get("mailout", "")
    if done and mailout.isdigit():
        done = f"Gateway mailout {mailout} {done}."
    return page(request, "held_mail.html", user=user, items=items, done=done)


def _act(request: Request, user: User, mailout_id: int, action: HeldAction, note: str) -> Response:
    web = web_of(request)
    act(web.store, web.settings, web.clock, user, mailout_id, action, note)
    return RedirectResponse(f"/held-mail?done={action}&mailout={mailout_id}", status_code=303)


@router.post("/held-mail/{mailout_id}/release")
def release_held(
    request: Request, user: PageUser, mailout_id: MailoutId, note: Note = ""
) -> Response:
    return _act(request, user, mailout_id, HeldAction.RELEASE, note)


@router.post("/held-mail/{mailout_id}/return")
def return_held(
    request: Request, user: PageUser, mailout_id: MailoutId, note: Note = ""
) -> Response:
    return _act(request, user, mailout_id, HeldAction.RETURN, note)


@router.post("/held-mail/{mailout_id}/discard")
def discard_held(
    request: Request, user: PageUser, mailout_id: MailoutId, note: Note = ""
) -> Response:
    return _act(request, user, mailout_id, HeldAction.DISCARD, note)


@router.get("/gateway")
def gateway_log(request: Request, user: PageUser) -> Response:
    allowed(user, "audit.read")
    records = web_of(request).store.gateway_messages(limit=LOG_ROWS)
    return page(request, "gateway_log.html", user=user, records=records, limit=LOG_ROWS)
