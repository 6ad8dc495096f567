"""A sending worker: registers, heartbeats, obeys stops, and sends every mailout in `sending`."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass, field

from mailbrake.clock import Clock
from mailbrake.errors import MailbrakeError
from mailbrake.mime.limits import RenderLimits
from mailbrake.models import Mailout, MailoutState
from mailbrake.pipeline.deliver import DeliveryOptions
from mailbrake.pipeline.deliver.brake import Brake, StopWatcher, open_probe
from mailbrake.pipeline.deliver.dispatch import Batching, Build, MailoutSender
from mailbrake.pipeline.deliver.throttle import Sleep, Throttle
from mailbrake.pipeline.render import factory_for
from mailbrake.store import Store
from mailbrake.store.ledger import LeaseLostError, RunInfo
from mailbrake.store.slots import SlotGrant
from mailbrake.transport.base import Transport

MessageSource = Callable[[Mailout, RunInfo], Build]


def mime_messages(
    secret: bytes, public_url: str, limits: RenderLimits | None = None
) -> MessageSource:
    """Messages from the fast MIME path; every worker dates them at the run's start.

    A recipient whose message goes over the render `limits` fails with the reason.
    """

    def make(mailout: Mailout, run: RunInfo) -> Build:
        return factory_for(mailout, secret, public_url, run.enqueued_at, limits).build

    return make


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """lease: a worker whose heartbeat is older than this is dead (renewed every lease/5);
    parent_pid: exit cleanly, handing back what is unsent, when that process is gone."""

    batching: Batching = field(default_factory=Batching)
    max_connections: int = 8
    lease: float = 15.0  # real seconds
    stop_poll: float = 0.002  # SQLite: how often the stop counter is read
    idle_poll: float = 0.5  # waiting for work, in the injected clock's seconds
    parent_pid: int | None = None
    parent_poll: float = 0.2  # real seconds between looks at the parent

    @property
    def heartbeat_every(self) -> float:
        return self.lease / 5


class Worker:
    """Run with `await worker.run(...)`; `request_exit()` makes it finish in-flight and leave."""

    def __init__(
        self,
        store: Store,
        transport: Transport,
        messages: MessageSource,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        config: WorkerConfig | None = None,
        worker_id: str | None = None,
        start_due: Callable[[], object] | None = None,
    ) -> None:
        self.store = store
        self.transport = transport
        self.messages = messages
        self.clock = clock
        self.sleep = sleep
        self.config = config or WorkerConfig()
        self.id = worker_id or new_worker_id()
        self.host = socket.gethostname()
        self.brake = Brake()
        self.current: int | None = None
        self._exit = asyncio.Event()
        self._throttles: dict[int, Throttle] = {}
        self._start_due = start_due  # starts scheduled mailouts whose undo window has passed
        self.lease_lost = False

    @property
    def actor(self) -> str:
        """Who the audit trail names for the changes this worker makes."""
        return f"worker {self.id}"

    def request_exit(self) -> None:
        self.brake.exiting = True
        self._exit.set()

    async def run(self, *, mailout_id: int | None = None, once: bool = False) -> None:
        """Send until told to exit; `once`: until nothing is sending; `mailout_id`: that one
        mailout until it is finished (final, or paused with no automatic resume)."""
        seen = await asyncio.to_thread(
            self.store.register_worker, self.id, self.host, os.getpid(), self.config.lease
        )
        probe = await open_probe(self.store, self.config.stop_poll)
        answered = self.transport.answered
        watcher = StopWatcher(self.store, self.brake, probe, self.id, seen, answered)
        helpers = [watcher.run(), self._heartbeat()]
        if self.config.parent_pid is not None:
            helpers.append(self._watch_parent(self.config.parent_pid))
        tasks = [asyncio.create_task(helper) for helper in helpers]
        for task in tasks:
            task.add_done_callback(self._on_helper_done)
        try:
            await self._loop(mailout_id, once)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await watcher.drain()
            await probe.close()
            await asyncio.to_thread(self.store.unregister_worker, self.id)
        for task in tasks:
            if not task.cancelled() and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
        if self.lease_lost:
            raise LeaseLostError(self.id)

    def _on_helper_done(self, task: asyncio.Task[None]) -> None:
        # Fail closed: without its stop watcher or heartbeat a worker must not send.
        if not task.cancelled() and task.exception() is not None:
            self.request_exit()

    async def _loop(self, mailout_id: int | None, once: bool) -> None:
        while not self._exit.is_set():
            await asyncio.to_thread(self._resume_due)
            chosen = await asyncio.to_thread(self._pick, mailout_id)
            if chosen is not None:
                await self._send(chosen)
                continue
            if once or (mailout_id is not None and await self._is_finished(mailout_id)):
                return
            await self._pause_for(await asyncio.to_thread(self._idle_delay))

    def _resume_due(self) -> None:
        self.store.settle_stopped()  # a stopper that died before halting its rows
        if self._start_due is not None:
            self._start_due()
        for due in self.store.due_auto_resumes():
            self.store.resume(due, only_if_due=True, actor=self.actor)

    def _idle_delay(self) -> float:
        """Until the next automatic resume (a canary wait), but no longer than a minute."""
        due = self.store.next_auto_resume()
        if due is None:
            return self.config.idle_poll
        return min(max((due - self.clock.now()).total_seconds(), 0.001), 60.0)

    def _pick(self, wanted: int | None) -> int | None:
        if wanted is not None:
            states = self.store.mailout_states([wanted])
            return wanted if states.get(wanted) is MailoutState.SENDING else None
        sending = self.store.mailouts_in(MailoutState.SENDING)
        return sending[0] if sending else None

    async def _is_finished(self, mailout_id: int) -> bool:
        state = (await asyncio.to_thread(self.store.mailout_states, [mailout_id]))[mailout_id]
        if state in (MailoutState.SENDING, MailoutState.SCHEDULED):
            return False  # a scheduled one starts when its undo window has passed
        if state is not MailoutState.PAUSED:
            return True
        run = await asyncio.to_thread(self.store.find_run, mailout_id)
        return run is None or run.auto_resume_at is None

    async def _send(self, mailout_id: int) -> None:
        """Send one mailout in rounds until it leaves `sending` or this worker must stop."""
        mailout = await asyncio.to_thread(self.store.get_mailout, mailout_id)
        run = await asyncio.to_thread(self.store.run_info, mailout_id)
        options = DeliveryOptions.of(mailout)
        try:
            build = self.messages(mailout, run)
        except MailbrakeError as exc:  # fail closed: a mailout that cannot be built waits
            reason, actor = f"cannot build messages: {exc}", self.actor
            await asyncio.to_thread(lambda: self.store.pause(mailout_id, reason, actor=actor))
            return
        self.current = mailout_id
        # The rest is usually another worker's last batch, done in a moment: look again soon,
        # then less and less often (a slow, rate-limited sender may hold claims for long).
        wait = min(0.05, self.config.idle_poll)
        try:
            while await self._round(mailout_id, options, build):
                await asyncio.to_thread(self._recover, mailout_id)
                await self._wait_for_pending(mailout_id, wait)
                wait = min(wait * 2, self.config.idle_poll)
        finally:
            self.current = None

    async def _round(self, mailout_id: int, options: DeliveryOptions, build: Build) -> bool:
        """One pass of claims; True when the mailout still has work this worker waits for."""
        await asyncio.to_thread(self._recover, mailout_id)
        throttle = self._throttle(mailout_id, options)
        sender = MailoutSender(
            self.store,
            self.transport,
            build,
            mailout_id=mailout_id,
            options=options,
            brake=self.brake,
            throttle=throttle,
            worker_id=self.id,
            clock=self.clock,
            connections=min(options.connections or 10**6, self.config.max_connections),
            batching=self.config.batching,
        )
        await sender.run(self.sleep)
        if sender.lease_lost:
            self.lease_lost = True
            self.request_exit()
            return False
        if sender.pause_reason is not None or not self.brake.may_send(mailout_id):
            return False
        wait, actor = options.canary_wait, self.actor
        closed = await asyncio.to_thread(
            lambda: self.store.close_wave(mailout_id, wait, actor=actor)
        )
        if closed is not None:
            return False
        states = await asyncio.to_thread(self.store.mailout_states, [mailout_id])
        return states.get(mailout_id) is MailoutState.SENDING

    def _throttle(self, mailout_id: int, options: DeliveryOptions) -> Throttle:
        # Kept across rounds: slots already reserved from the mailout's shared limits.
        if mailout_id not in self._throttles:

            async def reserve(want: int) -> SlotGrant:
                return await asyncio.to_thread(
                    self.store.reserve_slots, mailout_id, want, options.rate, options.hourly
                )

            self._throttles[mailout_id] = Throttle(
                self.clock, self.sleep, reserve, rate=options.rate, hourly=options.hourly
            )
        return self._throttles[mailout_id]

    def _recover(self, mailout_id: int) -> None:
        """Claims of workers whose heartbeat lease lapsed: begun ones uncertain, the rest
        queued again (see WorkerOps.recover_claims). This worker renews its own lease
        first, so that it never declares itself dead."""
        if not self.store.heartbeat(self.id, mailout_id, self.config.lease):
            self.lease_lost = True
            self.request_exit()
            return
        self.store.recover_claims(mailout_id)

    async def _wait_for_pending(self, mailout_id: int, delay: float) -> None:
        retry_at = await asyncio.to_thread(self.store.next_retry_at, mailout_id)
        if retry_at is not None:
            delay = max(0.001, (retry_at - self.clock.now()).total_seconds())
        await self._pause_for(delay)

    async def _pause_for(self, seconds: float) -> None:
        """The injected sleep, cut short when the worker is asked to exit."""
        nap = asyncio.ensure_future(self.sleep(seconds))
        leave = asyncio.ensure_future(self._exit.wait())
        await asyncio.wait([nap, leave], return_when=asyncio.FIRST_COMPLETED)
        for task in (nap, leave):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _heartbeat(self) -> None:
        lease = self.config.lease
        while True:
            await asyncio.sleep(self.config.heartbeat_every)
            renewed = await asyncio.to_thread(self.store.heartbeat, self.id, self.current, lease)
            if not renewed:  # declared dead: others may hold our claims now; fail closed
                self.lease_lost = True
                self.brake.exiting = True
                self.request_exit()
                return

    async def _watch_parent(self, parent_pid: int) -> None:
        """Leave cleanly (in-flight messages finish, the rest is handed back) once the process
        that started this worker is gone: it is reparented, so getppid() changes."""
        while os.getppid() == parent_pid:
            await asyncio.sleep(self.config.parent_poll)
        self.request_exit()
