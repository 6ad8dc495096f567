"""The dashboard: mailouts by state, live progress of those sending, Stop and stop-all."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from mailbrake.models import MailoutState
from mailbrake.people import User
from mailbrake.pipeline.halt import HaltResult, halt
from mailbrake.web.auth import allowed, page_user
from mailbrake.web.context import Web, web_of
from mailbrake.web.ids import MailoutId
from mailbrake.web.render import page
from mailbrake.web.views.progress import progress_of

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(page_user)]
LIVE = (MailoutState.SCHEDULED, MailoutState.SENDING, MailoutState.PAUSED)


@router.get("/")
def dashboard(request: Request, user: PageUser) -> Response:
    store = web_of(request).store
    grouped = store.mailout_ids_by_state()
    groups = [
        (str(state), [store.get_mailout(i) for i in ids[:25]])
        for state, ids in grouped.items()
        if ids
    ]
    live = [progress_of(store, store.get_mailout(i)) for s in LIVE for i in grouped[s]]
    return page(request, "dashboard.html", user=user, groups=groups, live=live,
                emergency=store.emergency())  # fmt: skip


@router.get("/mailouts/{mailout_id}/progress.json")
def progress_json(request: Request, user: PageUser, mailout_id: MailoutId) -> Response:
    store = web_of(request).store
    return JSONResponse(progress_of(store, store.get_mailout(mailout_id)).as_json())


@router.post("/mailouts/{mailout_id}/stop")
def stop(request: Request, user: PageUser, mailout_id: MailoutId) -> Response:
    """Open to everyone signed in (the permission table says so): stopping never waits."""
    allowed(user, "mailouts.stop")
    result = run_halt(web_of(request), [mailout_id], user.email)
    return page(request, "stopped.html", user=user, result=result)


@router.post("/stop-all")
def stop_all(request: Request, user: PageUser) -> Response:
    """Every scheduled, sending or paused mailout, as `mailbrake stop --all` (admins here)."""
    allowed(user, "emergency")
    result = run_halt(web_of(request), None, user.email)
    return page(request, "stopped.html", user=user, result=result)


def run_halt(web: Web, mailout_ids: list[int] | None, actor: str) -> HaltResult:
    result = halt(web.store, web.settings, mailout_ids, actor=actor, clock=web.clock)
    web.metrics.stop_seconds.observe(result.report.ack_ms / 1000)
    return result
