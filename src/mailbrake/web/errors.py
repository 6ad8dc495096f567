"""One translation of errors for the web: status code, a stable code word, message and hint."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.exceptions import HTTPException

from mailbrake.errors import (
    ConflictError,
    InputError,
    MailbrakeError,
    NotFoundError,
    StateError,
    TemplateError,
)
from mailbrake.people import AuthenticationError, PermissionDeniedError


@dataclass(frozen=True, slots=True)
class WebError:
    status: int
    code: str
    message: str
    hint: str = ""

    def as_json(self) -> dict[str, dict[str, str]]:
        return {"error": {"code": self.code, "message": self.message, "hint": self.hint}}


class SignInRequiredError(MailbrakeError):
    """A page was asked for without a session: the browser goes to the sign-in page."""

    def __init__(self) -> None:
        super().__init__("Please sign in first.")


def _refused_send(exc: MailbrakeError) -> bool:
    # Imported late: the pipeline's send module pulls in the whole check stack.
    from mailbrake.pipeline.approve import ApprovalError
    from mailbrake.pipeline.prepare import SendRefusedError

    return isinstance(exc, SendRefusedError | ApprovalError)


def describe(exc: BaseException) -> WebError:
    """The status and code for any exception a route can raise (500 for the unexpected)."""
    if isinstance(exc, HTTPException):
        codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        code = codes.get(exc.status_code, "http_error")
        return WebError(exc.status_code, code, str(exc.detail))
    if not isinstance(exc, MailbrakeError):
        return WebError(500, "internal", "Something went wrong on our side; please try again.")
    table: tuple[tuple[type[MailbrakeError], int, str], ...] = (
        (SignInRequiredError, 401, "unauthenticated"),
        (AuthenticationError, 401, "unauthenticated"),
        (PermissionDeniedError, 403, "forbidden"),
        (NotFoundError, 404, "not_found"),
        (InputError, 422, "invalid_input"),
        (TemplateError, 422, "invalid_template"),
        (StateError, 409, "wrong_state"),
        (ConflictError, 409, "conflict"),
    )
    for kind, status, code in table:
        if isinstance(exc, kind):
            return WebError(status, code, exc.message, exc.hint)
    if _refused_send(exc):
        return WebError(409, "refused", exc.message, exc.hint)
    return WebError(400, "refused", exc.message, exc.hint)
