"""Operations endpoints: /healthz (database reachable, workers alive) and /metrics."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from mailbrake.web.context import web_of
from mailbrake.web.metrics import CONTENT_TYPE

ops_router = APIRouter(include_in_schema=False)


@ops_router.get("/healthz")
def healthz(request: Request) -> Response:
    """200 when the database answers and, if this process runs workers, one is alive."""
    web = web_of(request)
    try:
        web.store.count_users()  # any cheap read proves the database answers
        database = "ok"
    except sa.exc.SQLAlchemyError as exc:
        database = f"unreachable ({type(exc).__name__})"
    running = web.workers_alive()
    ok = database == "ok" and (running is None or running > 0)
    body = {"ok": ok, "database": database, "workers_in_process": running}
    return JSONResponse(body, status_code=200 if ok else 503)


@ops_router.get("/metrics")
def metrics(request: Request) -> Response:
    return Response(web_of(request).metrics.render(), media_type=CONTENT_TYPE)
