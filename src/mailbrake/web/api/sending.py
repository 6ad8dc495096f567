"""/mailouts/{id}/send, approve, reject, cancel, pause, resume, stop, status, ledger; and
/stop-all."""

from __future__ import annotations

from itertools import islice
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response, StreamingResponse

from mailbrake.models import DeliveryState
from mailbrake.pipeline import send as flow
from mailbrake.pipeline.approve import decide
from mailbrake.pipeline.deliver import DeliveryOptions
from mailbrake.pipeline.ledger_report import csv_chunks, entry_row
from mailbrake.pipeline.send import SendRequest
from mailbrake.web.api.deps import ApiUser, WebDep, read_cursor
from mailbrake.web.api.schemas import (
    LedgerPage,
    LedgerRow,
    NoteIn,
    ResendOut,
    SendIn,
    SendOut,
    StateOut,
    StatusOut,
    StopOut,
)
from mailbrake.web.api.shapes import send_out, stop_out
from mailbrake.web.auth import allowed
from mailbrake.web.context import Web
from mailbrake.web.ids import MailoutId
from mailbrake.web.views.dashboard import run_halt

router = APIRouter(tags=["sending"])


def state_of(web: Web, mailout_id: int) -> StateOut:
    return StateOut(mailout=mailout_id, state=str(web.store.get_mailout(mailout_id).state))


@router.post("/mailouts/{mailout_id}/send", summary="Check, confirm and schedule (or hold)")
def send(mailout_id: MailoutId, body: SendIn, user: ApiUser, web: WebDep) -> SendOut:
    allowed(user, "mailouts.send")
    given = body.canary is not None or body.waves or body.rate is not None
    options = DeliveryOptions.build(canary=body.canary, waves=body.waves, rate=body.rate)
    request = SendRequest(user=user, confirm=body.confirm, override=body.override,
                          delivery=options if given else None)  # fmt: skip
    return send_out(flow.send(web.store, web.settings, mailout_id, request, clock=web.clock))


@router.post("/mailouts/{mailout_id}/approve", summary="Approve (approvers; not the sender)")
def approve(mailout_id: MailoutId, body: NoteIn, user: ApiUser, web: WebDep) -> StateOut:
    decide(web.store, web.settings, mailout_id, user, approve=True, note=body.note,
           clock=web.clock)  # fmt: skip
    return state_of(web, mailout_id)


@router.post("/mailouts/{mailout_id}/reject", summary="Reject with a reason (approvers)")
def reject(mailout_id: MailoutId, body: NoteIn, user: ApiUser, web: WebDep) -> StateOut:
    decide(web.store, web.settings, mailout_id, user, approve=False, note=body.note,
           clock=web.clock)  # fmt: skip
    return state_of(web, mailout_id)


@router.post("/mailouts/{mailout_id}/cancel", summary="Cancel in the undo window")
def cancel(mailout_id: MailoutId, user: ApiUser, web: WebDep) -> StateOut:
    flow.cancel(web.store, web.settings, mailout_id, user=user, clock=web.clock,
                reason="cancelled in the undo window (api)")  # fmt: skip
    return state_of(web, mailout_id)


@router.post("/mailouts/{mailout_id}/pause", summary="Pause a sending mailout")
def pause(mailout_id: MailoutId, user: ApiUser, web: WebDep) -> StateOut:
    flow.pause(web.store, web.settings, mailout_id, user=user, clock=web.clock, reason="")
    return state_of(web, mailout_id)


@router.post("/mailouts/{mailout_id}/resume", summary="Resume a paused mailout")
def resume(mailout_id: MailoutId, user: ApiUser, web: WebDep) -> StateOut:
    flow.resume(web.store, web.settings, mailout_id, user=user, clock=web.clock)
    return state_of(web, mailout_id)


@router.post("/mailouts/{mailout_id}/resend-uncertain", summary="Queue uncertain ones again")
def resend_uncertain(mailout_id: MailoutId, user: ApiUser, web: WebDep) -> ResendOut:
    done = flow.resend_uncertain(web.store, web.settings, mailout_id, user=user, clock=web.clock)
    return ResendOut(mailout=mailout_id, requeued=done.requeued, resumed=done.resumed,
                     message=done.message)  # fmt: skip


@router.post("/mailouts/{mailout_id}/stop", summary="Emergency stop (anyone signed in)")
def stop(mailout_id: MailoutId, user: ApiUser, web: WebDep) -> StopOut:
    allowed(user, "mailouts.stop")
    web.store.get_mailout(mailout_id)
    return stop_out(run_halt(web, [mailout_id], user.email))


@router.post("/stop-all", summary="Stop every scheduled, sending or paused mailout (admin)")
def stop_all(user: ApiUser, web: WebDep) -> StopOut:
    allowed(user, "emergency")
    return stop_out(run_halt(web, None, user.email))


@router.get("/mailouts/{mailout_id}/status", summary="Delivery status and counts")
def status(mailout_id: MailoutId, user: ApiUser, web: WebDep) -> StatusOut:
    return StatusOut.model_validate(flow.delivery_status(web.store, mailout_id).as_json())


@router.get("/mailouts/{mailout_id}/ledger", summary="Per-recipient ledger, paged and filtered")
def ledger(
    mailout_id: MailoutId,
    user: ApiUser,
    web: WebDep,
    state: DeliveryState | None = None,
    email: Annotated[str, Query(max_length=320)] = "",
    cursor: Annotated[str, Query(max_length=40)] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> LedgerPage:
    web.store.get_mailout(mailout_id)
    if email.strip():
        found = web.store.find_delivery(mailout_id, email)
        rows = [found] if found is not None and (state is None or found.state == state) else []
        return LedgerPage(items=[LedgerRow(**entry_row(r)) for r in rows], next_cursor=None)
    entries = web.store.iter_ledger(mailout_id, state, page=limit, after=read_cursor(cursor))
    page = list(islice(entries, limit))
    more = str(page[-1].id) if len(page) == limit else None
    return LedgerPage(items=[LedgerRow(**entry_row(e)) for e in page], next_cursor=more)


@router.get(
    "/mailouts/{mailout_id}/ledger.csv",
    summary="The whole ledger as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def ledger_csv(mailout_id: MailoutId, user: ApiUser, web: WebDep) -> Response:
    web.store.get_mailout(mailout_id)
    rows = csv_chunks(web.store.iter_ledger(mailout_id))  # streamed, page by page
    return StreamingResponse(rows, media_type="text/csv; charset=utf-8")
