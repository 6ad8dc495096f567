"""Incidents: the list, one incident with its report, notify the manager, the correction
to exactly those who got it, the deletion confirmations, close."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from mailbrake.people import User
from mailbrake.pipeline.followup import create_followup
from mailbrake.pipeline.incident import close_incident, notify_incident
from mailbrake.pipeline.report.facts import build_report
from mailbrake.pipeline.report.html import render_html
from mailbrake.pipeline.send import SendOutcome, SendOutcomeKind
from mailbrake.web.auth import allowed, page_user
from mailbrake.web.context import web_of
from mailbrake.web.ids import IncidentId
from mailbrake.web.render import HEADERS, page

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(page_user)]
DEFAULT_CORRECTION = (
    "Hello {{ name }},\n\nWe sent you a message by mistake. Please delete it, and any copies "
    "or forwards, then confirm here:\n\n{{ confirm_url }}\n\nThank you, and sorry.\n"
)


def back(incident_id: int) -> Response:
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)


@router.get("/incidents")
def incidents(request: Request, user: PageUser) -> Response:
    allowed(user, "incidents.read")
    found = web_of(request).store.list_incidents()
    return page(request, "incidents.html", user=user, incidents=found)


@router.get("/incidents/{incident_id}")
def incident(request: Request, user: PageUser, incident_id: IncidentId) -> Response:
    allowed(user, "incidents.read")
    web = web_of(request)
    report = build_report(web.store, web.settings, incident_id)
    found = web.store.get_incident(incident_id)
    return page(request, "incident.html", user=user, incident=found, report=report,
                confirmed=len(web.store.confirmations(incident_id)),
                default_text=DEFAULT_CORRECTION)  # fmt: skip


@router.get("/incidents/{incident_id}/report")
def report_html(request: Request, user: PageUser, incident_id: IncidentId) -> Response:
    """The same HTML as `mailbrake incident report --format html` (self-contained)."""
    allowed(user, "incidents.read")
    web = web_of(request)
    html = render_html(build_report(web.store, web.settings, incident_id))
    return HTMLResponse(html, headers=HEADERS)


@router.post("/incidents/{incident_id}/notify")
def notify(request: Request, user: PageUser, incident_id: IncidentId) -> Response:
    allowed(user, "incidents.manage")
    web = web_of(request)
    notify_incident(web.store, web.settings, incident_id, user.email, clock=web.clock)
    return back(incident_id)


@router.post("/incidents/{incident_id}/followup")
def followup(
    request: Request,
    user: PageUser,
    incident_id: IncidentId,
    text: Annotated[str, Form(min_length=1, max_length=100_000)],
    subject: Annotated[str, Form(max_length=998)] = "",
    override: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    allowed(user, "incidents.manage")
    web = web_of(request)
    done = create_followup(
        web.store, web.settings, incident_id, text, user=user, clock=web.clock,
        subject=subject.strip() or None, override=override.strip() or None,
    )  # fmt: skip
    if done.prepared.scheduled is None:
        held = SendOutcome(SendOutcomeKind.HELD_FOR_APPROVAL, done.mailout_id, "",
                           approvers=done.prepared.approvers,
                           held_because=done.prepared.held_because)  # fmt: skip
        return page(request, "held.html", user=user, outcome=held)
    return RedirectResponse(f"/mailouts/{done.mailout_id}", status_code=303)


@router.post("/incidents/{incident_id}/close")
def close(
    request: Request,
    user: PageUser,
    incident_id: IncidentId,
    note: Annotated[str, Form(min_length=1, max_length=5000)],
) -> Response:
    allowed(user, "incidents.close")
    close_incident(web_of(request).store, incident_id, user.email, note)
    return back(incident_id)
