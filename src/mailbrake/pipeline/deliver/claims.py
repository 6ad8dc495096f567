"""The claims one worker holds for a mailout, kept in delivery-id order behind its started mark.

A claim may begin (have its MAIL FROM written) only once the worker's committed mark covers
it, and senders take claims from the head. Kept in delivery-id order, the marked claims are
always a prefix: the head is startable whenever any claim is, and the count of marked claims
says how many senders can take before a new mark is needed. Out of order, a marked claim
behind unmarked ones is counted as waiting yet no sender can reach it, no new mark is asked
for, and the mailout hangs (claims a lapsed worker handed back lie below a live worker's mark).
"""

from __future__ import annotations

import itertools
from collections import deque

from mailbrake.store.ledger import Claim


class ClaimQueue:
    """Claimed deliveries not yet handed to SMTP, in delivery-id order, and the mark over them."""

    def __init__(self) -> None:
        self._queue: deque[Claim] = deque()
        self._mark = 0  # committed: claims up to this id may begin
        self._marked_left = 0  # queued claims the mark covers

    def __len__(self) -> int:
        return len(self._queue)

    @property
    def mark(self) -> int:
        return self._mark

    @property
    def marked_left(self) -> int:
        return self._marked_left

    @property
    def is_all_marked(self) -> bool:
        return self._marked_left == len(self._queue)

    def add(self, claims: list[Claim]) -> None:
        """Queue new claims in delivery-id order, so the marked ones are always a prefix.

        Claims another worker's lapse handed back can lie below this worker's mark. Appended
        behind unmarked ones they counted as "marked, waiting" where no sender could take
        them (senders take from the head), so no new mark was asked for and the mailout hung
        (three workers, one killed: the survivors sat idle with claims).
        """
        if (
            claims
            and self._queue
            and min(c.delivery_id for c in claims) < self._queue[-1].delivery_id
        ):
            merged = sorted(itertools.chain(self._queue, claims), key=lambda c: c.delivery_id)
            self._queue.clear()
            self._queue.extend(merged)
        else:
            self._queue.extend(claims)
        self._marked_left += sum(1 for c in claims if c.delivery_id <= self._mark)

    def next_mark(self, step: int, low_mark: int) -> int | None:
        """A mark covering `step` more claims when at most `low_mark` marked claims are left
        and unmarked ones wait, else None."""
        if self._marked_left > low_mark or self._marked_left >= len(self._queue):
            return None
        ahead = itertools.islice(self._queue, self._marked_left + step)
        return max(self._mark, max(c.delivery_id for c in ahead))

    def set_mark(self, mark: int) -> None:
        """The mark just committed: claims up to `mark` may begin."""
        self._mark = mark
        self._marked_left = sum(1 for c in self._queue if c.delivery_id <= mark)

    def has_startable(self) -> bool:
        return bool(self._queue) and self._queue[0].delivery_id <= self._mark

    def pop(self) -> Claim:
        """The first claim, to begin now (the caller checked `has_startable`)."""
        claim = self._queue.popleft()
        self._marked_left -= 1
        return claim

    def push_back(self, claims: list[Claim]) -> None:
        """Claims handed back unbegun (all were marked when taken): first in line again."""
        self._queue.extendleft(reversed(claims))
        self._marked_left += len(claims)

    def take_all(self) -> list[int]:
        """Every claim held, removed: their delivery ids (to give back, or to drop)."""
        ids = [claim.delivery_id for claim in self._queue]
        self.clear()
        return ids

    def clear(self) -> None:
        self._queue.clear()
        self._marked_left = 0
