"""The server-rendered pages, one router per page family."""

from __future__ import annotations

from mailbrake.web.views import (
    approvals,
    audit,
    compose,
    dashboard,
    held,
    incidents,
    lists,
    mailout,
    send,
    signin,
)

ROUTERS = [
    signin.router,
    dashboard.router,
    mailout.router,
    compose.router,
    send.router,
    approvals.router,
    lists.router,
    incidents.router,
    audit.router,
    held.router,
]
