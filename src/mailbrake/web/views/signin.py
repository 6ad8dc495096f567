"""Sign in and out: argon2 passwords, a rotated session, rate limits, every attempt audited."""

from __future__ import annotations

import contextlib
from typing import Annotated

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mailbrake.errors import NotFoundError
from mailbrake.people import AuthenticationError
from mailbrake.web.auth import session_of, set_session
from mailbrake.web.context import web_of
from mailbrake.web.render import page
from mailbrake.web.session import fresh, signed_in

router = APIRouter(include_in_schema=False)


def _local(target: str) -> str:
    """Only a path on this site: `next` must not send a signed-in user elsewhere."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/signin")
def signin_form(request: Request, next: str = "/") -> Response:
    return page(request, "signin.html", next=_local(next), email="", problem="")


@router.post("/signin")
def signin(
    request: Request,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    web = web_of(request)
    address = request.client.host if request.client else "unknown"
    wait = web.limiter.retry_after(email, address)
    if wait:
        _audit_failure(request, email, address, "rate limited")
        problem = f"Too many failed sign-ins; try again in {wait} seconds."
        return page(request, "signin.html", status=429, next=_local(next), email=email,
                    problem=problem)  # fmt: skip
    try:
        user = web.store.check_password(email, password)
    except AuthenticationError as exc:
        web.limiter.failed(email, address)
        _audit_failure(request, email, address, "wrong e-mail address or password")
        return page(request, "signin.html", status=401, next=_local(next), email=email,
                    problem=exc.message)  # fmt: skip
    web.limiter.succeeded(email)
    web.store.record_login(user, method="web password")
    at = web.store.clock.now().timestamp()
    set_session(request, signed_in(session_of(request), user.email, at))
    return RedirectResponse(_local(next), status_code=303)


@router.post("/signout")
def signout(request: Request) -> Response:
    session = session_of(request)
    if session.is_signed_in:  # every session of the user ends, a copied cookie's too
        with contextlib.suppress(NotFoundError):  # (no such user any more: nothing to end)
            web_of(request).store.sign_out(session.email)
    set_session(request, fresh())
    return RedirectResponse("/signin", status_code=303)


def _audit_failure(request: Request, email: str, address: str, reason: str) -> None:
    details = {"address": address, "reason": reason, "via": "web"}
    web_of(request).store.record_event("anonymous", "user.login_failed", "user",
                                       email[:320], details)  # fmt: skip
