"""Assembles the whole web app: middleware, pages, the API mount, links, probes, assets."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from importlib import resources
from urllib.parse import quote

from fastapi import Depends, FastAPI
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.staticfiles import StaticFiles

from mailbrake.clock import Clock
from mailbrake.settings import Settings
from mailbrake.store import Store
from mailbrake.web.api import build_api
from mailbrake.web.auth import session_of
from mailbrake.web.context import Web
from mailbrake.web.errors import SignInRequiredError, describe
from mailbrake.web.metrics import Metrics
from mailbrake.web.middleware import WebMiddleware
from mailbrake.web.ops import ops_router
from mailbrake.web.ratelimit import SignInLimiter
from mailbrake.web.render import environment, error_page
from mailbrake.web.session import CSRF_FIELD, SessionCodec, csrf_ok
from mailbrake.web.views import ROUTERS

log = logging.getLogger(__name__)
LINK_PREFIXES = ("/c/", "/u/", "/held/")
LinkError = Callable[[Request, Exception], Awaitable[Response]]


class CsrfError(Exception):
    """A form came without the session's token: another site may have sent it."""


async def csrf_guard(request: Request) -> None:
    """Every state-changing page request carries the session's form token."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    form = await request.form()
    submitted = form.get(CSRF_FIELD)
    if not csrf_ok(session_of(request), submitted if isinstance(submitted, str) else None):
        raise CsrfError()


def build_site(
    settings: Settings,
    store: Store,
    links: list[Route],
    link_error: LinkError,
    *,
    clock: Clock,
    workers_alive: Callable[[], int | None],
) -> FastAPI:
    web = Web(
        settings=settings,
        store=store,
        clock=clock,
        codec=SessionCodec(settings.resolved_secret()),
        limiter=SignInLimiter(clock),
        metrics=Metrics(store),
        workers_alive=workers_alive,
        templates=environment(),
    )
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    for router in ROUTERS:
        app.include_router(router, dependencies=[Depends(csrf_guard)])
    app.include_router(ops_router)
    app.router.routes.extend(links)
    app.mount("/api/v1", build_api())
    static = str(resources.files("mailbrake.web") / "static")
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.add_middleware(WebMiddleware, web=web)

    async def on_error(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith(LINK_PREFIXES):
            return await link_error(request, exc)
        if request.url.path.startswith("/api/"):  # the API answered in JSON already
            return JSONResponse(describe(exc).as_json(), status_code=describe(exc).status)
        if isinstance(exc, SignInRequiredError) and request.method == "GET":
            return RedirectResponse(f"/signin?next={quote(request.url.path)}", status_code=303)
        if isinstance(exc, CsrfError):
            from mailbrake.web.errors import WebError

            error = WebError(
                403, "csrf", "This form was not sent from a page of this site (or it expired).",
                "Go back, reload the page and submit the form again.",
            )  # fmt: skip
            return error_page(request, error)
        error = describe(exc)
        if error.status == 500:
            log.error("request %s failed: %s", request.url.path, type(exc).__name__)
        return error_page(request, error)

    app.add_exception_handler(Exception, on_error)
    for kind in _handled():
        app.add_exception_handler(kind, on_error)
    return app


def _handled() -> tuple[type[Exception], ...]:
    from starlette.exceptions import HTTPException

    from mailbrake.errors import MailbrakeError

    return (MailbrakeError, HTTPException, CsrfError)
