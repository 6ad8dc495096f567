"""Sign-in rate limiting: failed attempts per account and per client address, in a window."""

from __future__ import annotations

import threading
from collections import defaultdict, deque

from mailbrake.clock import Clock

WINDOW_SECONDS = 15 * 60
PER_ACCOUNT = 5
PER_ADDRESS = 20


class SignInLimiter:
    """Counts failures in a sliding window; a success clears the account's failures.

    In memory, per `mailbrake serve` process: enough for one server; behind several, the
    proxy's own limits apply too (docs/web.md)."""

    def __init__(
        self,
        clock: Clock,
        *,
        window: float = WINDOW_SECONDS,
        per_account: int = PER_ACCOUNT,
        per_address: int = PER_ADDRESS,
    ) -> None:
        self._clock = clock
        self._window = window
        self._limits = {"account": per_account, "address": per_address}
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def retry_after(self, account: str, address: str) -> int:
        """Seconds until another attempt is allowed (0: allowed now)."""
        now = self._clock.monotonic()
        with self._lock:
            waits = [
                self._wait((kind, key), now)
                for kind, key in (("account", account.lower()), ("address", address))
            ]
        return max(waits)

    def failed(self, account: str, address: str) -> None:
        now = self._clock.monotonic()
        with self._lock:
            self._failures[("account", account.lower())].append(now)
            self._failures[("address", address)].append(now)

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._failures.pop(("account", account.lower()), None)

    def _wait(self, key: tuple[str, str], now: float) -> int:
        times = self._failures.get(key)
        if not times:
            return 0
        while times and times[0] <= now - self._window:
            times.popleft()
        if len(times) < self._limits[key[0]]:
            return 0
        return max(1, int(times[0] + self._window - now) + 1)
