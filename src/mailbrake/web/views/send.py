"""Send: typed confirmation of the recipient count, override with a reason, canary and
rate options; the pipeline decides whether it is held for approval or scheduled."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mailbrake.errors import InputError, InputProblem
from mailbrake.people import User
from mailbrake.pipeline.deliver import DeliveryOptions
from mailbrake.pipeline.send import SendOutcomeKind, SendRequest
from mailbrake.pipeline.send import send as send_mailout
from mailbrake.web.auth import allowed, page_user
from mailbrake.web.context import web_of
from mailbrake.web.ids import MailoutId
from mailbrake.web.render import page

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(page_user)]
Small = Annotated[str, Form(max_length=200)]


def delivery_options(canary: str, waves: str, rate: str) -> DeliveryOptions | None:
    """The options the user filled in (None: the stored or default ones)."""
    if not (canary.strip() or waves.strip() or rate.strip()):
        return None
    per_second = None
    if rate.strip():
        try:
            per_second = float(rate)
        except ValueError:
            raise InputError([InputProblem("rate", f"{rate!r} is not a number")]) from None
    return DeliveryOptions.build(canary=canary.strip() or None, waves=waves, rate=per_second)


@router.get("/mailouts/{mailout_id}/send")
def send_form(request: Request, user: PageUser, mailout_id: MailoutId) -> Response:
    web = web_of(request)
    mailout = web.store.get_mailout(mailout_id)
    check = web.store.latest_check(mailout_id)
    return page(request, "send.html", user=user, mailout=mailout, check=check,
                threshold=web.settings.confirm_threshold)  # fmt: skip


@router.post("/mailouts/{mailout_id}/send")
def send(
    request: Request,
    user: PageUser,
    mailout_id: MailoutId,
    confirm: Annotated[int | None, Form()] = None,
    override: Annotated[str, Form(max_length=2000)] = "",
    canary: Small = "",
    waves: Small = "",
    rate: Small = "",
) -> Response:
    allowed(user, "mailouts.send")
    web = web_of(request)
    request_ = SendRequest(
        user=user, confirm=confirm, override=override.strip() or None,
        delivery=delivery_options(canary, waves, rate),
    )  # fmt: skip
    outcome = send_mailout(web.store, web.settings, mailout_id, request_, clock=web.clock)
    if outcome.kind is SendOutcomeKind.HELD_FOR_APPROVAL:
        return page(request, "held.html", user=user, outcome=outcome)
    return RedirectResponse(f"/mailouts/{mailout_id}", status_code=303)
