"""The app factory and its one route table: /c/{token} (deletion confirmed), /u/{token}
(RFC 8058 one-click unsubscribe). Tokens are verified before anything is read or written."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message

from mailbrake.clock import Clock, SystemClock
from mailbrake.errors import MailbrakeError, NotFoundError
from mailbrake.mime.context import UNSUBSCRIBE
from mailbrake.mime.tokens import TokenError, verify_token
from mailbrake.pipeline.followup import read_confirm_token
from mailbrake.settings import Settings
from mailbrake.store import Store
from mailbrake.web import pages
from mailbrake.web.held_link import HeldLink

log = logging.getLogger(__name__)
MAX_FORM_BYTES = 4_096
ONE_CLICK = "One-Click"


class Handlers:
    """The routes' endpoints, bound to one store and one signing secret."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.store = store
        self.secret = settings.resolved_secret()

    async def confirm_page(self, request: Request) -> Response:
        incident_id, _ = read_confirm_token(self.secret, request.path_params["token"])
        await run_in_threadpool(self.store.get_incident, incident_id)
        return pages.confirm_form(request.url.path)

    async def confirm(self, request: Request) -> Response:
        incident_id, subscriber_id = read_confirm_token(self.secret, request.path_params["token"])
        await run_in_threadpool(self.store.get_incident, incident_id)
        first = await run_in_threadpool(self.store.record_confirmation, incident_id, subscriber_id)
        return pages.confirmed(first)

    async def unsubscribe_page(self, request: Request) -> Response:
        self._unsubscribe_target(request)
        return pages.unsubscribe_form(request.url.path)

    async def unsubscribe(self, request: Request) -> Response:
        list_id, subscriber_id = self._unsubscribe_target(request)
        body = await _small_body(request)
        values: dict[str, list[str]] = parse_qs(body.decode("utf-8", "replace"))
        if request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
            # RFC 8058 lets senders post multipart/form-data too. The body was read (and
            # size-capped) above, so the form parser is handed that copy; no file parts.

            async def replay() -> Message:
                return {"type": "http.request", "body": body, "more_body": False}

            form = await Request(request.scope, replay).form(max_files=0, max_fields=16)
            values = {"List-Unsubscribe": [str(v) for v in form.getlist("List-Unsubscribe")]}
        if values.get("List-Unsubscribe") != [ONE_CLICK]:
            return pages.refused("The request did not say List-Unsubscribe=One-Click.")
        await run_in_threadpool(self._unsubscribe, list_id, subscriber_id)
        return pages.unsubscribed()

    def _unsubscribe(self, list_id: int, subscriber_id: int) -> None:
        self.store.unsubscribe_member(list_id, subscriber_id)
        details = {"list_id": list_id, "via": "one-click link"}
        self.store.record_event("recipient", "subscriber.unsubscribed", "subscriber",
                                subscriber_id, details)  # fmt: skip

    def _unsubscribe_target(self, request: Request) -> tuple[int, int]:
        payload = verify_token(self.secret, UNSUBSCRIBE, request.path_params["token"])
        list_id, subscriber_id = payload.get("l"), payload.get("s")
        if not isinstance(list_id, int) or not isinstance(subscriber_id, int):
            raise TokenError(UNSUBSCRIBE, "it does not name a list member")
        return list_id, subscriber_id


async def _small_body(request: Request) -> bytes:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413, "The request is too large.")
    return body


async def _token_error(request: Request, exc: Exception) -> Response:
    reason = exc.reason if isinstance(exc, TokenError) else "it cannot be read"
    return pages.refused(f"This link is not valid: {reason}.")


async def _not_found(request: Request, exc: Exception) -> Response:
    if isinstance(exc, NotFoundError):
        return pages.refused("This link is about something that no longer exists.", 404)
    detail = exc.detail if isinstance(exc, HTTPException) else "Not found."
    status = exc.status_code if isinstance(exc, HTTPException) else 404
    return pages.refused(str(detail), status)


async def _user_error(request: Request, exc: Exception) -> Response:
    return pages.refused(str(exc))


async def _server_error(request: Request, exc: Exception) -> Response:
    # Logged here with its type only: the page never shows a traceback.
    log.error("request %s failed: %s", request.url.path, type(exc).__name__)
    return pages.refused("Something went wrong on our side; please try again later.", 500)


def link_routes(h: Handlers) -> list[Route]:
    held = HeldLink(h.store, h.secret)
    return [
        Route("/held/{token}", held.form, methods=["GET"]),
        Route("/held/{token}", held.cancel, methods=["POST"]),
        Route("/c/{token}", h.confirm_page, methods=["GET"]),
        Route("/c/{token}", h.confirm, methods=["POST"]),
        Route("/u/{token}", h.unsubscribe_page, methods=["GET"]),
        Route("/u/{token}", h.unsubscribe, methods=["POST"]),
    ]


async def link_error(request: Request, exc: Exception) -> Response:
    """Recipients' links answer with their own small pages, never the staff's."""
    if isinstance(exc, TokenError):
        return await _token_error(request, exc)
    if isinstance(exc, NotFoundError | HTTPException):
        return await _not_found(request, exc)
    if isinstance(exc, MailbrakeError):
        return await _user_error(request, exc)
    return await _server_error(request, exc)


def create_app(
    settings: Settings,
    store: Store,
    *,
    clock: Clock | None = None,
    workers_alive: Callable[[], int | None] = lambda: None,
) -> ASGIApp:
    """The ASGI app: pages, /api/v1, recipients' links, /healthz and /metrics. Serve it with
    `mailbrake serve`, or test it with httpx.ASGITransport."""
    from mailbrake.web.site import build_site

    return build_site(
        settings, store, link_routes(Handlers(settings, store)), link_error,
        clock=clock or SystemClock(), workers_alive=workers_alive,
    )  # fmt: skip
