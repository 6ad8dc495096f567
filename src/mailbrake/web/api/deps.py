"""What API routes share: the token's user, the Web context, cursor paging."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import Request

from mailbrake.errors import InputError, InputProblem
from mailbrake.people import User
from mailbrake.web.auth import api_user
from mailbrake.web.context import Web, web_of

bearer = HTTPBearer(auto_error=False, description="An API token: `mailbrake users token EMAIL`.")


def token_user(
    request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> User:
    return api_user(request)


ApiUser = Annotated[User, Depends(token_user)]
WebDep = Annotated[Web, Depends(web_of)]


def read_cursor(cursor: str) -> int:
    """Cursors are opaque to clients; today they are the last id seen."""
    if not cursor:
        return 0
    if not cursor.isdigit() or len(cursor) > 18:
        raise InputError([InputProblem("cursor", f"{cursor[:40]!r} is not a cursor")],
                         hint="Pass back the next_cursor of the previous page.")  # fmt: skip
    return int(cursor)
