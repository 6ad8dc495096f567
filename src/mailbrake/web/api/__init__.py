"""The REST API under /api/v1: bearer tokens, the same roles, JSON errors, cursor paging."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from mailbrake.web.api import audit, held, incidents, lists, mailouts, sending, users
from mailbrake.web.api.schemas import ErrorBody
from mailbrake.web.errors import WebError, describe

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "Refused"), (401, "No valid token"), (403, "The role does not allow it"),
        (404, "Not found"), (409, "Not in this state"), (422, "Invalid input"),
    )
}  # fmt: skip
DESCRIPTION = (
    "Everything the web pages do, for programs. Authenticate with an API token "
    "(`mailbrake users token EMAIL`) as `Authorization: Bearer TOKEN`. Errors are "
    '`{"error": {"code", "message", "hint"}}`; long lists are paged with `cursor`.'
)


def _json_error(error: WebError) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
    return JSONResponse(error.as_json(), status_code=error.status, headers=headers)


async def on_error(request: Request, exc: Exception) -> Response:
    return _json_error(describe(exc))


async def on_invalid(request: Request, exc: Exception) -> Response:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    where = [
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}"
        for e in errors[:5]
    ]
    message = "; ".join(where) or "The request is not valid."
    return _json_error(WebError(422, "invalid_request", message, "See /api/v1/docs."))


def build_api() -> FastAPI:
    api = FastAPI(
        title="mailbrake API",
        version="1",
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    for module in (lists, mailouts, sending, incidents, audit, users, held):
        api.include_router(module.router, responses=ERRORS)
    api.add_exception_handler(RequestValidationError, on_invalid)
    api.add_exception_handler(Exception, on_error)
    for kind in _handled():
        api.add_exception_handler(kind, on_error)
    from mailbrake.web.api.docs import router as docs_router

    api.include_router(docs_router)
    return api


def _handled() -> tuple[type[Exception], ...]:
    from starlette.exceptions import HTTPException

    from mailbrake.errors import MailbrakeError

    return (MailbrakeError, HTTPException)
