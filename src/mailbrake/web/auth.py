"""Who is asking: the signed-in user of a page (session cookie) or of an API call (token)."""

from __future__ import annotations

from starlette.requests import Request

from mailbrake.errors import NotFoundError
from mailbrake.people import AuthenticationError, User, require
from mailbrake.web.context import web_of
from mailbrake.web.errors import SignInRequiredError
from mailbrake.web.session import Session, fresh


def session_of(request: Request) -> Session:
    session: Session | None = request.scope.get("mailbrake.session")
    if session is None:
        session = fresh()
        request.scope["mailbrake.session"] = session
    return session


def set_session(request: Request, session: Session) -> None:
    request.scope["mailbrake.session"] = session


def page_user(request: Request) -> User:
    """The signed-in, enabled user, read again from the database on every request (so a
    disabled account or a changed role takes effect at once, and a session signed in before
    the user last signed out, changed password or was disabled is void)."""
    session = session_of(request)
    if not session.is_signed_in:
        raise SignInRequiredError()
    try:
        user = web_of(request).store.get_user(session.email)
    except NotFoundError:
        raise SignInRequiredError() from None
    if user.disabled:
        raise SignInRequiredError()
    if user.sessions_from is not None and session.at < user.sessions_from.timestamp():
        set_session(request, fresh())  # the user signed out (everywhere) since: forget it
        raise SignInRequiredError()
    return user


def api_user(request: Request) -> User:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError(
            "This call needs an API token: send 'Authorization: Bearer TOKEN'.",
            hint="Get one with `mailbrake users token EMAIL`.",
        )
    return web_of(request).store.verify_token(token.strip())


def allowed(user: User, action: str) -> User:
    """The server-side role check (the permission table in people.py); raises 403."""
    return require(user, action)
