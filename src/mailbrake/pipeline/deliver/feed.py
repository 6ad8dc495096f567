"""What feeds one SMTP stream (claims built into messages on demand) and when failures pause it."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from mailbrake.models import Envelope, SmtpReply
from mailbrake.store.ledger import Claim


class ClaimFeed:
    """The transport's feed for one sender: claims built into messages as they are asked for
    (a claim taken here but not yet answered is `unbegun` if the stream raises)."""

    def __init__(
        self,
        first: tuple[Envelope, Claim],
        take: Callable[[], Claim | None],
        build: Callable[[Claim], Envelope | None],
        settle: Callable[[Claim, Envelope, SmtpReply], None],
    ) -> None:
        self._first: tuple[Envelope, Claim] | None = first
        self._take = take
        self._build = build
        self._settle = settle
        self._pending: list[tuple[Envelope, Claim]] = []

    def next(self) -> Envelope | None:
        if self._first is not None:
            self._pending.append(self._first)
            self._first = None
            return self._pending[-1][0]
        while (claim := self._take()) is not None:
            envelope = self._build(claim)
            if envelope is not None:
                self._pending.append((envelope, claim))
                return envelope
        return None

    def done(self, envelope: Envelope, reply: SmtpReply) -> None:
        for index, (pending, claim) in enumerate(self._pending):
            if pending is envelope:
                del self._pending[index]
                self._settle(claim, envelope, reply)
                return

    def unbegun(self) -> list[Claim]:
        """Claims taken and not answered (and the first, if the transport never asked)."""
        given = ([self._first] if self._first else []) + self._pending
        self._first, self._pending = None, []
        return [claim for _, claim in given]


class FailureWindow:
    """The share of failures among the last N outcomes, judged once enough are in."""

    def __init__(self, size: int, threshold: float) -> None:
        self._recent: deque[bool] = deque(maxlen=size)
        self._threshold = threshold
        self._minimum = max(10, size // 10)

    def add(self, failed: bool) -> str | None:
        """A reason to pause, or None."""
        self._recent.append(failed)
        if len(self._recent) < self._minimum:
            return None
        share = sum(self._recent) / len(self._recent)
        if share <= self._threshold:
            return None
        return (
            f"failure rate {share:.0%} over the last {len(self._recent)} messages is above "
            f"{self._threshold:.0%}"
        )
