"""One mailout: state, live counts, the delivery chart, ledger search, pause/resume/cancel,
CSV export, and the way into an incident."""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Depends, Form
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mailbrake.people import User
from mailbrake.pipeline import send as sending
from mailbrake.pipeline.incident import open_incident
from mailbrake.pipeline.ledger_report import write_csv
from mailbrake.pipeline.report.ledger import read_ledger
from mailbrake.pipeline.report.svg import delivery_chart
from mailbrake.web.auth import allowed, page_user
from mailbrake.web.context import web_of
from mailbrake.web.ids import MailoutId
from mailbrake.web.render import page
from mailbrake.web.views.progress import progress_of

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(page_user)]


def back(mailout_id: int) -> Response:
    return RedirectResponse(f"/mailouts/{mailout_id}", status_code=303)


@router.get("/mailouts/{mailout_id}")
def mailout_page(
    request: Request, user: PageUser, mailout_id: MailoutId, email: str = ""
) -> Response:
    web = web_of(request)
    store = web.store
    mailout = store.get_mailout(mailout_id)
    found = store.find_delivery(mailout_id, email) if email.strip() else None
    chart = delivery_chart(read_ledger(store, mailout_id, web.settings.internal_domains).chart())
    return page(
        request, "mailout.html", user=user, m=progress_of(store, mailout), mailout=mailout,
        email=email, found=found, searched=bool(email.strip()), chart=Markup(chart),
        check=store.latest_check(mailout_id), starts_at=store.scheduled_for(mailout_id),
        incident=store.open_incident_for(mailout_id),
    )  # fmt: skip


@router.get("/mailouts/{mailout_id}/ledger.csv")
def ledger_csv(request: Request, user: PageUser, mailout_id: MailoutId) -> Response:
    store = web_of(request).store
    store.get_mailout(mailout_id)
    out = io.StringIO()
    write_csv(store.iter_ledger(mailout_id), out)
    headers = {"Content-Disposition": f'attachment; filename="mailout-{mailout_id}-ledger.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.post("/mailouts/{mailout_id}/pause")
def pause(request: Request, user: PageUser, mailout_id: MailoutId) -> Response:
    web = web_of(request)
    sending.pause(web.store, web.settings, mailout_id, user=user, clock=web.clock, reason="")
    return back(mailout_id)


@router.post("/mailouts/{mailout_id}/resume")
def resume(request: Request, user: PageUser, mailout_id: MailoutId) -> Response:
    web = web_of(request)
    sending.resume(web.store, web.settings, mailout_id, user=user, clock=web.clock)
    return back(mailout_id)


@router.post("/mailouts/{mailout_id}/cancel")
def cancel_send(request: Request, user: PageUser, mailout_id: MailoutId) -> Response:
    web = web_of(request)
    sending.cancel(web.store, web.settings, mailout_id, user=user, clock=web.clock,
                   reason="cancelled in the undo window (web)")  # fmt: skip
    return back(mailout_id)


@router.post("/mailouts/{mailout_id}/incident")
def open_one(
    request: Request,
    user: PageUser,
    mailout_id: MailoutId,
    summary: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    allowed(user, "incidents.manage")
    web = web_of(request)
    opened = open_incident(web.store, web.settings, mailout_id, user.email, summary.strip(),
                           clock=web.clock)  # fmt: skip
    return RedirectResponse(f"/incidents/{opened.id}", status_code=303)
