"""One worker sending one mailout: claim batches, send over N connections, settle outcomes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from mailbrake.clock import Clock
from mailbrake.errors import MailbrakeError, TransportError
from mailbrake.models import DeliveryState, Envelope, SmtpReply, Subscriber
from mailbrake.pipeline.deliver import DeliveryOptions, judge, unbuildable
from mailbrake.pipeline.deliver.brake import HALTING, Brake
from mailbrake.pipeline.deliver.claims import ClaimQueue
from mailbrake.pipeline.deliver.feed import ClaimFeed, FailureWindow
from mailbrake.pipeline.deliver.throttle import Sleep, Throttle
from mailbrake.store import Store
from mailbrake.store.ledger import Claim, LeaseLostError, Outcome
from mailbrake.transport.base import SenderRefusedError, Transport, is_halted

Build = Callable[[Subscriber], Envelope]


@dataclass(frozen=True, slots=True)
class Batching:
    """How much a worker claims at once, and how far ahead it marks claims as begun.

    A claim may have its MAIL FROM written only once the worker's committed mark covers it;
    a worker that dies leaves as `uncertain` only its claims up to the mark (those begun,
    plus at most one mark step not yet begun); the rest go back to the queue.
    """

    batch_size: int = 200
    flush_every: float = 0.25  # seconds an outcome may wait before it is committed
    mark_step: int = 0  # claims marked at once; 0: adapt (grow after a wait, else shrink)


class MailoutSender:
    """Sends what this worker can claim of one mailout, then settles and returns.

    Returns when nothing more can be claimed right now, or when the brake or a local pause
    (relay unreachable, too many failures, a lapsed lease) stops it. Unstarted claims go
    back (queued) or become halted, never uncertain.
    """

    def __init__(
        self,
        store: Store,
        transport: Transport,
        build: Build,
        *,
        mailout_id: int,
        options: DeliveryOptions,
        brake: Brake,
        throttle: Throttle,
        worker_id: str,
        clock: Clock,
        connections: int,
        batching: Batching,
    ) -> None:
        self._store = store
        self._transport = transport
        self._build = build
        self._mid = mailout_id
        self._options = options
        self._brake = brake
        self._throttle = throttle
        self._worker_id = worker_id
        self._clock = clock
        self._connections = connections
        self._batching = batching
        self._claims = ClaimQueue()
        self._outbox: list[Outcome] = []
        self._window = FailureWindow(options.failure_window, options.failure_threshold)
        self._has_work = asyncio.Event()  # senders wait on it: claims or marks arrived, or stop
        self._low = asyncio.Event()  # the feeder waits on it: claims or marks are running low
        self._drained = False
        self._step = batching.mark_step or connections
        self._adapts = batching.mark_step == 0
        self._stalled = False  # a sender waited for the mark since it last moved
        self.pause_reason: str | None = None
        self.lease_lost = False
        self.sent = 0

    def take_unstarted(self) -> list[int]:
        """For the brake: every claim not yet handed to SMTP (they will not be sent here)."""
        ids = self._claims.take_all()
        self._has_work.set()
        self._low.set()
        return ids

    def _may_send(self) -> bool:
        return self.pause_reason is None and not self.lease_lost and self._brake.may_send(self._mid)

    async def run(self, sleep: Sleep) -> None:
        self._brake.attach(self._mid, self)
        try:
            senders = [asyncio.create_task(self._sender()) for _ in range(self._connections)]
            try:
                await self._feed()
            finally:
                self._drained = True
                self._has_work.set()
                await asyncio.gather(*senders)
            await self._finish()
        finally:
            self._brake.detach(self._mid)

    async def _feed(self) -> None:
        """Claims, marks and outcomes, committed together: the only writer of this sender."""
        low_water = max(self._connections, self._batching.batch_size // 4)
        last_flush = self._clock.monotonic()
        exhausted = False
        while self._may_send():
            wants_claims = not exhausted and len(self._claims) <= low_water
            mark = self._mark_target()
            if not wants_claims and mark is None:
                if exhausted and self._claims.is_all_marked:
                    return  # everything held is marked; the senders finish it
                await self._until_woken(self._batching.flush_every)
                if self._clock.monotonic() - last_flush >= self._batching.flush_every:
                    await self._settle(0, self._claims.mark)
                    last_flush = self._clock.monotonic()
                continue
            claims = await self._settle(
                self._batching.batch_size if wants_claims else 0, mark or self._claims.mark
            )
            last_flush = self._clock.monotonic()
            if mark is not None:
                self._set_mark(mark)
            if not self._may_send():
                await self._give_back([c.delivery_id for c in claims])
                return
            if wants_claims and not claims:
                exhausted = True
            self._claims.add(claims)
            self._has_work.set()

    def _mark_target(self) -> int | None:
        """A new mark when the marked claims run low and unmarked ones wait, else None."""
        return self._claims.next_mark(self._step, self._low_mark)

    @property
    def _low_mark(self) -> int:
        """Marked claims left when the next mark is asked for: few, because every marked
        claim not begun at a crash is one needlessly `uncertain`."""
        return max(1, self._step // 4)

    def _set_mark(self, mark: int) -> None:
        if self._adapts:
            # Just enough ahead to cover a commit: wider after a wait, narrower otherwise.
            if self._stalled:
                self._step = min(self._step + max(1, self._step // 2), self._max_step)
            else:
                self._step = max(self._connections, self._step - max(1, self._step // 4))
            self._stalled = False
        self._claims.set_mark(mark)
        self._has_work.set()

    async def _until_woken(self, timeout: float) -> None:
        self._low.clear()
        try:
            async with asyncio.timeout(timeout):
                await self._low.wait()
        except TimeoutError:
            pass

    async def _settle(self, limit: int, mark: int) -> list[Claim]:
        outcomes, self._outbox = self._outbox, []
        try:
            return await asyncio.to_thread(
                self._store.settle_and_claim, self._mid, self._worker_id, outcomes, limit, mark
            )
        except LeaseLostError:
            # Declared dead: the claims above the mark are someone else's now. Fail closed.
            self.lease_lost = True
            self._claims.clear()
            self._has_work.set()
            return []

    async def _sender(self) -> None:
        while True:
            await self._throttle.acquire()
            claim = await self._take()
            if claim is None:
                return
            await self._send(claim)

    async def _take(self) -> Claim | None:
        while True:
            if not self._may_send():
                return None
            if self._claims.has_startable():
                return self._pop()
            if self._drained:
                return None
            if self._claims:
                self._stalled = True  # waiting on the mark: mark further ahead next time
            self._low.set()
            self._has_work.clear()
            await self._has_work.wait()

    @property
    def _max_step(self) -> int:
        return max(2 * self._connections, self._batching.batch_size // 4)

    def _take_now(self) -> Claim | None:
        """The next claim for a stream that is already running, without waiting."""
        if self._throttle.is_limited or not self._may_send():
            return None  # a rate limit paces every message through _sender
        if not self._claims.has_startable():
            self._low.set()
            return None
        return self._pop()

    def _pop(self) -> Claim:
        claim = self._claims.pop()
        if len(self._claims) <= self._connections or self._claims.marked_left <= self._low_mark:
            self._low.set()  # the feeder may claim or mark the next ones now
        return claim

    async def _send(self, first: Claim) -> None:
        # The gate repeats the brake check right before each MAIL FROM (no await between).
        envelope = self._envelope(first)
        if envelope is None:
            return
        feed = ClaimFeed((envelope, first), self._take_now, self._envelope, self._settled)
        try:
            await self._transport.stream(feed, gate=self._may_send)
        except TransportError as exc:  # the relay refused us, or is out of reach: not them
            self._claims.push_back(feed.unbegun())
            if not isinstance(exc, SenderRefusedError):
                self._pause(f"relay unreachable: {exc}")
                return
            self._pause(
                f"relay refused the sender <{exc.sender}> ({exc.reply.code} {exc.reply.text}); "
                "check the From address and the login in MAILBRAKE_SMTP_URL, then "
                f"`mailbrake resume {self._mid}`"
            )

    def _envelope(self, claim: Claim) -> Envelope | None:
        try:
            return self._build(claim.subscriber)
        except MailbrakeError as exc:
            self._record(unbuildable(claim, str(exc), self._clock.now()))
            return None

    def _settled(self, claim: Claim, envelope: Envelope, reply: SmtpReply) -> None:
        if is_halted(reply):
            self._claims.push_back([claim])  # not begun: given back halted (or queued) later
            return
        self._record(judge(claim, reply, envelope.message_id, self._clock.now(), self._options))

    def _record(self, outcome: Outcome) -> None:
        self._outbox.append(outcome)
        if outcome.state is DeliveryState.SENT:
            self.sent += 1
        reason = self._window.add(outcome.state is not DeliveryState.SENT)
        if reason is not None:
            self._pause(reason)

    def _pause(self, reason: str) -> None:
        if self.pause_reason is None:
            self.pause_reason = reason
        self._has_work.set()
        self._low.set()

    async def _finish(self) -> None:
        """Commit the last outcomes; pause the mailout if this worker found a reason to."""
        outcomes, self._outbox = self._outbox, []
        await asyncio.to_thread(self._store.record_outcomes, self._worker_id, outcomes)
        if self.pause_reason is not None:
            reason, actor = self.pause_reason, f"worker {self._worker_id}"
            await asyncio.to_thread(lambda: self._store.pause(self._mid, reason, actor=actor))
        await self._give_back(self.take_unstarted())

    async def _give_back(self, ids: list[int]) -> None:
        if not ids:
            return
        flag = self._brake.flag(self._mid)
        to = DeliveryState.HALTED if flag in HALTING else DeliveryState.QUEUED
        await asyncio.to_thread(self._store.release_claims, self._worker_id, ids, to)
