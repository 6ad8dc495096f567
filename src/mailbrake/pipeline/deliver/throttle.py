"""Per-mailout sending limits, shared by every worker: slots reserved from the database.

The rate (messages per second) and the hourly limit are the mailout's, not a worker's: each
worker reserves a few send slots at a time (about 0.2 s worth) from the store, which hands
out consecutive slots to whoever asks, so however many workers join, die or are replaced,
together they never go faster than the limit. A slot that has passed by more than one
spacing (at least 50 ms) is dropped rather than used late: a late message sent at once
would bunch with another worker's on-time ones.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime

from mailbrake.clock import Clock
from mailbrake.store.slots import SlotGrant

Sleep = Callable[[float], Awaitable[None]]
Reserve = Callable[[int], Awaitable[SlotGrant]]  # how many slots wanted -> a grant
AHEAD = 0.2  # seconds of slots reserved at once
MIN_LATE = 0.05  # seconds a slot may be missed by and still be used


class Throttle:
    """Hands out send slots; every sender waits for its own slot (time from the injected
    clock, waiting through the injected `sleep`, so tests drive it without sleeping)."""

    def __init__(
        self,
        clock: Clock,
        sleep: Sleep,
        reserve: Reserve,
        *,
        rate: float | None = None,
        hourly: int | None = None,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._reserve = reserve
        self._rate = rate
        self._hourly = hourly
        self._slots: deque[datetime] = deque()
        self._lock = asyncio.Lock()
        self._want = max(1, math.ceil(rate * AHEAD)) if rate is not None else 10
        self._late = max(MIN_LATE, 1.0 / rate) if rate is not None else math.inf

    @property
    def is_limited(self) -> bool:
        return self._rate is not None or self._hourly is not None

    async def acquire(self) -> None:
        """Wait until one more message may begin."""
        if not self.is_limited:
            return
        async with self._lock:
            slot = await self._next_slot()
        wait = (slot - self._clock.now()).total_seconds()
        if wait > 0:
            await self._sleep(wait)

    async def _next_slot(self) -> datetime:
        while True:
            now = self._clock.now()
            while self._slots and (now - self._slots[0]).total_seconds() > self._late:
                self._slots.popleft()
            if self._slots:
                return self._slots.popleft()
            grant = await self._reserve(self._want)
            if grant.count == 0 and grant.retry_at is not None:
                await self._sleep(max((grant.retry_at - now).total_seconds(), 0.001))
                continue
            self._slots.extend(grant.times())
