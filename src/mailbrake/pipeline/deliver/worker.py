"""A sending worker: registers, heartbeats, obeys stops, and sends every mailout in `sending`."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from mailbrake.clock import Clock
from mailbrake.errors import MailbrakeError
from mailbrake.models import Mailout, MailoutState
from mailbrake.pipeline.deliver import DeliveryOptions
from mailbrake.pipeline.deliver.brake import Brake, StopWatcher, open_probe
from mailbrake.pipeline.deliver.dispatch import Batching, Build, MailoutSender
from mailbrake.pipeline.deliver.throttle import Sleep, Throttle
from mailbrake.pipeline.render import factory_for
from mailbrake.store import Store
from mailbrake.store.ledger import RunInfo
from mailbrake.transport.base import Transport

MessageSource = Callable[[Mailout, RunInfo], Build]


def mime_messages(secret: bytes, public_url: str) -> MessageSource:
    """Messages from the fast MIME path; every worker dates them at the run's start."""

    def make(mailout: Mailout, run: RunInfo) -> Build:
        return factory_for(mailout, secret, public_url, run.enqueued_at).build

    return make


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    batching: Batching = field(default_factory=Batching)
    max_connections: int = 8
    heartbeat_every: float = 2.0  # real seconds
    dead_after: float = 15.0  # no heartbeat for this long: the worker is gone
    stop_poll: float = 0.002  # SQLite: how often the stop counter is read
    idle_poll: float = 0.5  # waiting for work, in the injected clock's seconds


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
        seen = await asyncio.to_thread(self.store.register_worker, self.id, self.host, os.getpid())
        probe = await open_probe(self.store, self.config.stop_poll)
        answered = self.transport.answered
        watcher = StopWatcher(self.store, self.brake, probe, self.id, seen, answered)
        tasks = [asyncio.create_task(watcher.run()), asyncio.create_task(self._heartbeat())]
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
        alive_after = self.clock.now() - timedelta(seconds=self.config.dead_after)
        sharing = await asyncio.to_thread(
            self.store.workers_sending, mailout_id, alive_after, self.id
        )
        throttle = self._throttle(mailout_id, options)
        throttle.set_share(1 / sharing)
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
        # Kept across rounds, so the limits hold over the whole run.
        if mailout_id not in self._throttles:
            self._throttles[mailout_id] = Throttle(
                self.clock, self.sleep, rate=options.rate, hourly=options.hourly
            )
        return self._throttles[mailout_id]

    def _recover(self, mailout_id: int) -> None:
        """Claims of dead workers on this host (or with an expired lease) become uncertain."""
        dead = [
            worker_id
            for worker_id, pid in self.store.workers_on_host(self.host)
            if worker_id != self.id and not is_alive(pid)
        ]
        self.store.recover_claims(mailout_id, dead)

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
        lease = self.config.batching.lease_seconds
        while True:
            await asyncio.sleep(self.config.heartbeat_every)
            await asyncio.to_thread(self.store.heartbeat, self.id, self.current, lease)
