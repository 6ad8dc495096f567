"""ASGI middleware: hand every request the Web context, and load/save the session cookie."""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mailbrake.web.context import Web
from mailbrake.web.session import COOKIE, Session, fresh

# Paths that never use the session: the API (tokens), recipients' links, assets, probes.
NO_SESSION = ("/api/", "/c/", "/u/", "/held/", "/static/", "/healthz", "/metrics")


class WebMiddleware:
    def __init__(self, app: ASGIApp, web: Web) -> None:
        self.app = app
        self.web = web

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope["mailbrake.web"] = self.web
        if str(scope["path"]).startswith(NO_SESSION):
            await self.app(scope, receive, send)
            return
        loaded = self.web.codec.loads(_cookie(scope))
        scope["mailbrake.session"] = loaded or fresh()
        secure = scope.get("scheme") == "https"

        async def send_with_cookie(message: Message) -> None:
            current: Session = scope["mailbrake.session"]
            if message["type"] == "http.response.start" and current != loaded:
                headers = MutableHeaders(scope=message)
                headers.append("set-cookie", self._set_cookie(current, secure))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _set_cookie(self, session: Session, secure: bool) -> str:
        cookie: SimpleCookie = SimpleCookie()
        cookie[COOKIE] = self.web.codec.dumps(session)
        morsel = cookie[COOKIE]
        morsel["path"] = "/"
        morsel["httponly"] = True
        morsel["samesite"] = "Lax"
        morsel["max-age"] = str(self.web.codec.max_age)
        if secure:
            morsel["secure"] = True
        return morsel.OutputString()


def _cookie(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed Cookie header is treated as no cookie
                return None
            if COOKIE in jar:
                return jar[COOKIE].value
    return None
