"""Server-rendered pages: the Jinja2 environment and the one way a page is answered."""

from __future__ import annotations

from importlib import resources
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from mailbrake.people import User, can
from mailbrake.web.auth import session_of
from mailbrake.web.context import web_of
from mailbrake.web.errors import WebError

# No inline scripts: every script is a file the app serves (and the CSP says so).
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; frame-ancestors 'self'; form-action 'self'; "
    "base-uri 'none'",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def environment() -> Environment:
    folder = str(resources.files("mailbrake.web") / "templates")
    env = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(default=True))
    env.globals["can"] = can
    env.filters["when"] = lambda at: f"{at:%Y-%m-%d %H:%M:%S} UTC" if at else "—"
    return env


def page(
    request: Request,
    template: str,
    *,
    user: User | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    html = (
        web_of(request)
        .templates.get_template(template)
        .render(request=request, user=user, csrf=session_of(request).csrf, **context)
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def error_page(request: Request, error: WebError, user: User | None = None) -> HTMLResponse:
    return page(request, "error.html", user=user, status=error.status, error=error)
