"""Per-mailout sending limits: messages per second and a sliding one-hour window."""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable

from mailbrake.clock import Clock

Sleep = Callable[[float], Awaitable[None]]
HOUR = 3600.0


class Throttle:
    """Hands out send slots; every caller reserves its slot first, then waits for it.

    Reserving before waiting keeps concurrent senders fair and the limits exact. Time comes
    from the injected clock and waiting from the injected `sleep`, so tests drive it without
    sleeping. `share` scales both limits when several workers send the same mailout.
    """

    def __init__(
        self,
        clock: Clock,
        sleep: Sleep,
        *,
        rate: float | None = None,
        hourly: int | None = None,
        share: float = 1.0,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._rate = rate
        self._hourly = hourly
        self._share = share
        self._next = 0.0
        self._window: deque[float] = deque()

    @property
    def is_limited(self) -> bool:
        return self._rate is not None or self._hourly is not None

    def set_share(self, share: float) -> None:
        """This worker's part of the mailout's limits (1 / live workers sending it)."""
        self._share = min(1.0, max(share, 0.0001))

    async def acquire(self) -> None:
        """Wait until one more message may begin."""
        if not self.is_limited:
            return
        now = self._clock.monotonic()
        slot = self._reserve(now)
        if slot > now:
            await self._sleep(slot - now)

    def _reserve(self, now: float) -> float:
        slot = max(now, self._next)
        if self._hourly is not None:
            allowed = max(1, int(self._hourly * self._share))
            while self._window and self._window[0] <= now - HOUR:
                self._window.popleft()
            if len(self._window) >= allowed:
                slot = max(slot, self._window[-allowed] + HOUR)
            self._window.append(slot)
        if self._rate is not None:
            self._next = slot + 1.0 / (self._rate * self._share)
        return slot
