"""The approvals queue: what was found, the audience, who asked, what changed since an
earlier approval; approve or reject with a note (four eyes, enforced by the pipeline)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mailbrake.models import CheckResult, Mailout, MailoutState
from mailbrake.people import User
from mailbrake.pipeline.approve import current_snapshot, decide
from mailbrake.store import Store
from mailbrake.store.approvals import Approval
from mailbrake.web.auth import allowed, page_user
from mailbrake.web.context import web_of
from mailbrake.web.ids import MailoutId
from mailbrake.web.render import page

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(page_user)]
Note = Annotated[str, Form(max_length=2000)]


@dataclass(frozen=True, slots=True)
class Waiting:
    mailout: Mailout
    check: CheckResult | None
    earlier: Approval | None  # the last approval of an earlier version
    changed: bool  # the content or audience differs from what `earlier` approved


def waiting(store: Store) -> list[Waiting]:
    found = []
    for mailout_id in store.mailout_ids_by_state()[MailoutState.AWAITING_APPROVAL]:
        mailout = store.get_mailout(mailout_id)
        approved = [d for d in store.decisions_for(mailout_id) if d.decision == "approved"]
        earlier = approved[-1] if approved else None
        changed = earlier is not None and earlier.snapshot != current_snapshot(store, mailout)
        found.append(Waiting(mailout, store.latest_check(mailout_id), earlier, changed))
    return found


@router.get("/approvals")
def queue(request: Request, user: PageUser) -> Response:
    allowed(user, "mailouts.approve")
    items = waiting(web_of(request).store)
    return page(request, "approvals.html", user=user, items=items)


@router.post("/mailouts/{mailout_id}/approve")
def approve(request: Request, user: PageUser, mailout_id: MailoutId, note: Note = "") -> Response:
    web = web_of(request)
    decide(web.store, web.settings, mailout_id, user, approve=True, note=note, clock=web.clock)
    return RedirectResponse(f"/mailouts/{mailout_id}", status_code=303)


@router.post("/mailouts/{mailout_id}/reject")
def reject(request: Request, user: PageUser, mailout_id: MailoutId, note: Note = "") -> Response:
    web = web_of(request)
    decide(web.store, web.settings, mailout_id, user, approve=False, note=note, clock=web.clock)
    return RedirectResponse("/approvals", status_code=303)
