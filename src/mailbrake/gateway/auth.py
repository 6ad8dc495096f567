"""SMTP AUTH (PLAIN, LOGIN) against mailbrake's users: a password or a personal API token,
with failed attempts slowed down per client address and audited."""

from __future__ import annotations

import ipaddress
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from mailbrake.clock import Clock
from mailbrake.errors import MailbrakeError
from mailbrake.people import User
from mailbrake.store import Store

MAX_FAILURES = 5  # within WINDOW seconds from one client address
WINDOW = 300.0


@dataclass
class FailureLimiter:
    """Counts failed logins per client address in a sliding window (the injected clock).

    Only addresses with a failure inside the window are kept: a check never adds one, and
    when the table has grown past `sweep_at` every address whose failures have all expired
    is dropped, so a scan from many addresses cannot grow it without bound.
    """

    clock: Clock
    max_failures: int = MAX_FAILURES
    window: float = WINDOW
    sweep_at: int = 1024
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def is_blocked(self, client: str) -> bool:
        with self._lock:
            times = self._failures.get(client)
            if times is None:
                return False
            self._expire(times)
            if not times:
                del self._failures[client]
            return len(times) >= self.max_failures

    def failed(self, client: str) -> None:
        with self._lock:
            times = self._failures.setdefault(client, deque())
            self._expire(times)
            times.append(self.clock.now().timestamp())
            if len(self._failures) > self.sweep_at:
                self._sweep()

    def tracked(self) -> int:
        """How many client addresses are being counted now."""
        with self._lock:
            return len(self._failures)

    def _expire(self, times: deque[float]) -> None:
        horizon = self.clock.now().timestamp() - self.window
        while times and times[0] < horizon:
            times.popleft()

    def _sweep(self) -> None:
        for client in list(self._failures):
            self._expire(self._failures[client])
            if not self._failures[client]:
                del self._failures[client]
        # The next sweep when the table has doubled again: sweeping costs one pass over it.
        self.sweep_at = max(self.sweep_at, 2 * len(self._failures))


def client_address(session: Session) -> str:
    peer = session.peer
    return str(peer[0]) if isinstance(peer, tuple) and peer else str(peer or "")


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class Authenticator:
    """aiosmtpd's `authenticator` callback: the user goes into the session's auth_data."""

    def __init__(self, store: Store, limiter: FailureLimiter) -> None:
        self._store = store
        self._limiter = limiter

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        client = client_address(session)
        if self._limiter.is_blocked(client):
            return AuthResult(
                success=False,
                handled=False,
                message="454 4.7.0 Too many failed logins; try again later",
            )
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = data.login.decode("utf-8", "replace").strip().lower()
        secret = data.password.decode("utf-8", "replace")
        user = self._verify(login, secret)
        if user is None:
            self._limiter.failed(client)
            self._store.record_event(
                login or "unknown",
                "gateway.login_failed",
                "user",
                login or "unknown",
                {"client": client, "mechanism": mechanism},
            )
            return AuthResult(success=False, handled=False)
        self._store.record_login(user, method=f"gateway-{mechanism.lower()}")
        return AuthResult(success=True, auth_data=user)

    def _verify(self, login: str, secret: str) -> User | None:
        try:
            user = self._store.check_password(login, secret)
        except MailbrakeError:
            user = None
        if user is None:
            try:
                token_user = self._store.verify_token(secret)
            except MailbrakeError:
                return None
            user = token_user if token_user.email == login else None
        if user is None or user.disabled:
            return None
        return user
