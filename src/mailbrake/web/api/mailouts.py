"""/mailouts: create, read, edit, check, preview and test-send a mailout."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from mailbrake.errors import InputError, InputProblem, MailbrakeError
from mailbrake.models import Attachment
from mailbrake.pipeline.content import ContentEdit, build, compose_content, edit_content
from mailbrake.pipeline.preview import preview_bytes
from mailbrake.pipeline.trial import send_trial
from mailbrake.web.api.deps import ApiUser, WebDep
from mailbrake.web.api.schemas import (
    AttachmentIn,
    CheckOut,
    MailoutEdit,
    MailoutIn,
    MailoutOut,
    MailoutSummary,
    TestSendIn,
    TestSendOut,
)
from mailbrake.web.api.shapes import check_out, mailout_out
from mailbrake.web.auth import allowed
from mailbrake.web.ids import MailoutId
from mailbrake.web.views.compose import timed_check

router = APIRouter(tags=["mailouts"])


def attachments(items: list[AttachmentIn]) -> tuple[Attachment, ...]:
    found = []
    for n, item in enumerate(items):
        try:
            data = base64.b64decode(item.data_base64, validate=True)
        except (binascii.Error, ValueError):
            problem = InputProblem(f"attachments[{n}].data_base64", "is not base64")
            raise InputError([problem]) from None
        found.append(Attachment(item.filename, item.content_type, data))
    return tuple(found)


@router.get("/mailouts", summary="The newest mailouts")
def list_mailouts(
    user: ApiUser, web: WebDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[MailoutSummary]:
    return [
        MailoutSummary(
            id=m.id,
            list_name=m.list_name,
            state=str(m.state),
            subject=m.content.subject,
            created_at=m.created_at.isoformat(),
        )
        for m in web.store.list_mailouts(limit)
    ]


@router.post("/mailouts", status_code=201, summary="Create a draft mailout")
def create(body: MailoutIn, user: ApiUser, web: WebDep) -> MailoutOut:
    allowed(user, "mailouts.create")
    content = build(body.from_addr, body.subject, body.text, body.html,
                    attachments(body.attachments))  # fmt: skip
    mailout_id = compose_content(web.store, body.list_name, content, created_by=user.email)
    return mailout_out(web.store.get_mailout(mailout_id))


@router.get("/mailouts/{mailout_id}", summary="One mailout")
def get_mailout(mailout_id: MailoutId, user: ApiUser, web: WebDep) -> MailoutOut:
    return mailout_out(web.store.get_mailout(mailout_id))


@router.patch("/mailouts/{mailout_id}", summary="Edit a mailout (it must be checked again)")
def edit(mailout_id: MailoutId, body: MailoutEdit, user: ApiUser, web: WebDep) -> MailoutOut:
    allowed(user, "mailouts.create")
    files = attachments(body.attachments) if body.attachments is not None else None
    change = ContentEdit(subject=body.subject, text=body.text, html=body.html, attachments=files)
    edit_content(web.store, mailout_id, change, actor=user.email)
    return mailout_out(web.store.get_mailout(mailout_id))


@router.post("/mailouts/{mailout_id}/check", summary="Check content and audience")
def check(mailout_id: MailoutId, user: ApiUser, web: WebDep) -> CheckOut:
    allowed(user, "mailouts.create")
    timed_check(web, mailout_id, user.email)
    result = web.store.latest_check(mailout_id)
    if result is None:  # check_mailout always stores one; guard for the type checker
        raise MailbrakeError(f"Mailout {mailout_id} has no check result.")
    return check_out(result)


@router.get("/mailouts/{mailout_id}/check", summary="The latest check result")
def latest_check(mailout_id: MailoutId, user: ApiUser, web: WebDep) -> CheckOut:
    web.store.get_mailout(mailout_id)
    result = web.store.latest_check(mailout_id)
    if result is None:
        raise MailbrakeError(
            f"Mailout {mailout_id} has not been checked.",
            hint=f"POST /api/v1/mailouts/{mailout_id}/check",
        )
    return check_out(result)


@router.get(
    "/mailouts/{mailout_id}/preview",
    summary="The message one recipient gets (RFC 5322)",
    response_class=Response,
    responses={200: {"content": {"message/rfc822": {}}}},
)
def preview(
    mailout_id: MailoutId,
    user: ApiUser,
    web: WebDep,
    email: Annotated[str, Query(min_length=3, max_length=320)],
) -> Response:
    data = preview_bytes(web.store, web.settings, mailout_id, email, clock=web.clock)
    return Response(data, media_type="message/rfc822")


@router.post("/mailouts/{mailout_id}/test-send", summary="Send a test (to you by default)")
def send_test(mailout_id: MailoutId, body: TestSendIn, user: ApiUser, web: WebDep) -> TestSendOut:
    trial = send_trial(web.store, web.settings, mailout_id, user, to=body.to,
                       as_recipient=body.as_recipient, clock=web.clock)  # fmt: skip
    return TestSendOut(to=trial.to, rendered_for=trial.rendered_for, smtp_code=trial.reply.code,
                       smtp_reply=trial.reply.text, message_id=trial.message_id)  # fmt: skip
