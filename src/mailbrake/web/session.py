"""Signed-cookie sessions for the web pages: who is signed in, and the form (CSRF) token.

The cookie holds {sid, email, csrf, at} signed with a key derived from the installation
secret. A new sid and CSRF token are minted at sign-in, so a cookie planted before sign-in
(session fixation) is worth nothing after it. `at` is when the session was signed in: the
user's row keeps a time before which sessions are void (set at sign-out, a password change
and disabling), so a copy of the cookie is worth nothing after the user signs out."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "mb_session"
CSRF_FIELD = "csrf"
MAX_AGE_SECONDS = 12 * 3600
_LABEL = b"mailbrake web session v1"


@dataclass(frozen=True, slots=True)
class Session:
    sid: str
    csrf: str
    email: str = ""  # "" while nobody is signed in
    at: float = 0.0  # when it was signed in (seconds since the epoch); 0 while anonymous

    @property
    def is_signed_in(self) -> bool:
        return bool(self.email)


def fresh(email: str = "") -> Session:
    """A new session: new id and new CSRF token (used at first visit and at every sign-in)."""
    return Session(sid=secrets.token_urlsafe(18), csrf=secrets.token_urlsafe(24), email=email)


def signed_in(session: Session, email: str, at: float) -> Session:
    """Rotate on sign-in: nothing of the anonymous session survives but the fact of a visit."""
    return replace(fresh(), email=email, at=at)


class SessionCodec:
    """Turns a Session into a cookie value and back, rejecting forged or expired cookies."""

    def __init__(self, secret: bytes, *, max_age: int = MAX_AGE_SECONDS) -> None:
        key = hmac.new(secret, _LABEL, hashlib.sha256).hexdigest()
        self._signer = URLSafeTimedSerializer(key, salt="session")
        self.max_age = max_age

    def dumps(self, session: Session) -> str:
        data = {"sid": session.sid, "csrf": session.csrf, "e": session.email, "at": session.at}
        return self._signer.dumps(data)

    def loads(self, value: str | None) -> Session | None:
        if not value:
            return None
        try:
            data = self._signer.loads(value, max_age=self.max_age)
        except BadSignature:  # also SignatureExpired
            return None
        if not isinstance(data, dict):
            return None
        sid, csrf, email = data.get("sid"), data.get("csrf"), data.get("e")
        at = data.get("at", 0.0)  # (cookies signed before `at` existed: void once one ends)
        if not (isinstance(sid, str) and isinstance(csrf, str) and isinstance(email, str)):
            return None
        if isinstance(at, bool) or not isinstance(at, int | float):
            return None
        return Session(sid=sid, csrf=csrf, email=email, at=float(at))


def csrf_ok(session: Session, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(session.csrf, submitted or "")
