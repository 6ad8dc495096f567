"""Compose and edit a mailout; check it (findings in place, audience, exposure, verdict);
preview it as one recipient; send a test to yourself; send it (confirm, override, canary)."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mailbrake.people import User
from mailbrake.pipeline.check import check_mailout, staleness
from mailbrake.pipeline.content import ContentEdit, build, compose_content, edit_content
from mailbrake.pipeline.preview import preview_bytes
from mailbrake.pipeline.trial import send_trial
from mailbrake.web.auth import allowed, page_user
from mailbrake.web.context import Web, web_of
from mailbrake.web.ids import MailoutId
from mailbrake.web.render import page
from mailbrake.web.views.forms import attachments_of

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(page_user)]
Text = Annotated[str, Form(max_length=1_000_000)]
Files = Annotated[list[UploadFile], File()]


@router.get("/compose")
def compose_form(request: Request, user: PageUser) -> Response:
    allowed(user, "mailouts.create")
    lists = web_of(request).store.list_lists()
    return page(request, "compose.html", user=user, lists=lists, mailout=None)


@router.post("/compose")
async def compose(
    request: Request,
    user: PageUser,
    list_name: Annotated[str, Form(max_length=200)],
    from_addr: Annotated[str, Form(max_length=400)],
    subject: Annotated[str, Form(max_length=998)],
    text: Text,
    html: Text = "",
    attachments: Files = [],  # noqa: B006 (FastAPI copies defaults)
) -> Response:
    allowed(user, "mailouts.create")
    content = build(from_addr, subject, text, html, await attachments_of(attachments))
    store = web_of(request).store
    mailout_id = compose_content(store, list_name, content, created_by=user.email)
    return RedirectResponse(f"/mailouts/{mailout_id}/check", status_code=303)


@router.get("/mailouts/{mailout_id}/edit")
def edit_form(request: Request, user: PageUser, mailout_id: MailoutId) -> Response:
    allowed(user, "mailouts.create")
    store = web_of(request).store
    return page(request, "compose.html", user=user, lists=store.list_lists(),
                mailout=store.get_mailout(mailout_id))  # fmt: skip


@router.post("/mailouts/{mailout_id}/edit")
async def edit(
    request: Request,
    user: PageUser,
    mailout_id: MailoutId,
    subject: Annotated[str, Form(max_length=998)],
    text: Text,
    html: Text = "",
    attachments: Files = [],  # noqa: B006
    keep_attachments: Annotated[str, Form()] = "",
) -> Response:
    allowed(user, "mailouts.create")
    files = await attachments_of(attachments)
    change = ContentEdit(
        subject=subject, text=text, html=html,
        attachments=None if keep_attachments and not files else files,
    )  # fmt: skip
    edit_content(web_of(request).store, mailout_id, change, actor=user.email)
    return RedirectResponse(f"/mailouts/{mailout_id}/check", status_code=303)


@router.get("/mailouts/{mailout_id}/check")
def check_page(request: Request, user: PageUser, mailout_id: MailoutId) -> Response:
    store = web_of(request).store
    mailout = store.get_mailout(mailout_id)
    result = store.latest_check(mailout_id)
    fresh = result is not None and staleness(store, mailout).is_current
    return page(request, "check.html", user=user, mailout=mailout, result=result, fresh=fresh)


@router.post("/mailouts/{mailout_id}/check")
def run_check(request: Request, user: PageUser, mailout_id: MailoutId) -> Response:
    allowed(user, "mailouts.create")
    timed_check(web_of(request), mailout_id, user.email)
    return RedirectResponse(f"/mailouts/{mailout_id}/check", status_code=303)


def timed_check(web: Web, mailout_id: int, actor: str) -> None:
    started = time.monotonic()
    result = check_mailout(web.store, web.settings, mailout_id, clock=web.clock, actor=actor)
    web.metrics.check_seconds.observe(time.monotonic() - started)
    for finding in result.findings:
        web.metrics.findings.labels(category=str(finding.category)).inc()


@router.get("/mailouts/{mailout_id}/preview")
def preview(request: Request, user: PageUser, mailout_id: MailoutId, email: str) -> Response:
    web = web_of(request)
    data = preview_bytes(web.store, web.settings, mailout_id, email, clock=web.clock)
    # As text: the browser must show the message, never render its HTML as this site's page.
    return Response(data, media_type="text/plain; charset=utf-8",
                    headers={"X-Content-Type-Options": "nosniff"})  # fmt: skip


@router.post("/mailouts/{mailout_id}/test-send")
def send_test(
    request: Request,
    user: PageUser,
    mailout_id: MailoutId,
    as_recipient: Annotated[str, Form(max_length=320)] = "",
) -> Response:
    web = web_of(request)
    trial = send_trial(web.store, web.settings, mailout_id, user, to=None,
                       as_recipient=as_recipient or None, clock=web.clock)  # fmt: skip
    return page(request, "sent_test.html", user=user, trial=trial, mailout_id=mailout_id)
