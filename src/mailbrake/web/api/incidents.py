"""/incidents: open, list, report, notify, followup (the correction), confirmations, close."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import HTMLResponse

from mailbrake.pipeline.followup import create_followup
from mailbrake.pipeline.incident import close_incident, notify_incident, open_incident
from mailbrake.pipeline.report.facts import build_report
from mailbrake.pipeline.report.html import render_html
from mailbrake.web.api.deps import ApiUser, WebDep
from mailbrake.web.api.schemas import (
    ConfirmationOut,
    FollowupIn,
    FollowupOut,
    IncidentIn,
    IncidentOut,
    NoteIn,
    NotifiedOut,
)
from mailbrake.web.api.shapes import incident_out, prepared_out
from mailbrake.web.auth import allowed
from mailbrake.web.ids import IncidentId

router = APIRouter(tags=["incidents"])


@router.get("/incidents", summary="The most recent incidents")
def list_incidents(user: ApiUser, web: WebDep) -> list[IncidentOut]:
    allowed(user, "incidents.read")
    return [incident_out(i) for i in web.store.list_incidents()]


@router.post("/incidents", status_code=201, summary="Open an incident about a mailout")
def open_one(body: IncidentIn, user: ApiUser, web: WebDep) -> IncidentOut:
    allowed(user, "incidents.manage")
    opened = open_incident(web.store, web.settings, body.mailout, user.email, body.summary,
                           clock=web.clock, notify=body.notify)  # fmt: skip
    return incident_out(opened)


@router.get("/incidents/{incident_id}", summary="One incident")
def get_incident(incident_id: IncidentId, user: ApiUser, web: WebDep) -> IncidentOut:
    allowed(user, "incidents.read")
    return incident_out(web.store.get_incident(incident_id))


@router.get(
    "/incidents/{incident_id}/report",
    summary="The report: JSON (default) or the HTML of `incident report --format html`",
    responses={200: {"content": {"text/html": {}}}},
)
def report(
    incident_id: IncidentId,
    user: ApiUser,
    web: WebDep,
    format: Annotated[str, Query(pattern="^(json|html)$")] = "json",
) -> Any:
    allowed(user, "incidents.read")
    built = build_report(web.store, web.settings, incident_id)
    if format == "html":
        return HTMLResponse(render_html(built))
    data: dict[str, Any] = built.as_json()
    return data


@router.post("/incidents/{incident_id}/notify", summary="Tell the manager and security")
def notify(incident_id: IncidentId, user: ApiUser, web: WebDep) -> NotifiedOut:
    allowed(user, "incidents.manage")
    done = notify_incident(web.store, web.settings, incident_id, user.email, clock=web.clock)
    return NotifiedOut(incident=incident_id, told=done.told, failed=done.failed)


@router.post("/incidents/{incident_id}/followup", summary="Send the correction to who got it")
def followup(incident_id: IncidentId, body: FollowupIn, user: ApiUser, web: WebDep) -> FollowupOut:
    allowed(user, "incidents.manage")
    done = create_followup(
        web.store, web.settings, incident_id, body.text, user=user, clock=web.clock,
        subject=body.subject, include_uncertain=body.include_uncertain, override=body.override,
    )  # fmt: skip
    return FollowupOut(incident=incident_id, mailout=done.mailout_id,
                       recipients=done.recipients, send=prepared_out(done.prepared))  # fmt: skip


@router.get("/incidents/{incident_id}/confirmations", summary="Deletion confirmations so far")
def confirmations(incident_id: IncidentId, user: ApiUser, web: WebDep) -> list[ConfirmationOut]:
    allowed(user, "incidents.read")
    web.store.get_incident(incident_id)
    found = web.store.confirmations(incident_id)
    return [ConfirmationOut(subscriber=k, confirmed_at=v.isoformat()) for k, v in found.items()]


@router.post("/incidents/{incident_id}/close", summary="Close with the outcome (approvers)")
def close(incident_id: IncidentId, body: NoteIn, user: ApiUser, web: WebDep) -> IncidentOut:
    allowed(user, "incidents.close")
    return incident_out(close_incident(web.store, incident_id, user.email, body.note))
