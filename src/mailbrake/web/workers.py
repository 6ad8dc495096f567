"""Delivery workers inside `mailbrake serve`: each on its own thread and event loop, built
exactly as `mailbrake worker` builds one, and told to finish in-flight messages on exit."""

from __future__ import annotations

import asyncio
import logging
import threading

from mailbrake.clock import Clock
from mailbrake.pipeline.deliver.build import build_worker
from mailbrake.pipeline.deliver.worker import Worker
from mailbrake.settings import Settings
from mailbrake.store import Store

log = logging.getLogger(__name__)


class WorkerThread:
    """One long-running worker (all mailouts, starting due ones after their undo window)."""

    def __init__(self, store: Store, settings: Settings, clock: Clock, name: str) -> None:
        self._store, self._settings, self._clock = store, settings, clock
        self._worker: Worker | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait()

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float = 30.0) -> None:
        if self._loop is not None and self._worker is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._worker.request_exit)
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except Exception:  # logged, and /healthz reports the worker as gone
            log.exception("a delivery worker stopped with an error")
        finally:
            self._ready.set()

    async def _main(self) -> None:
        self._worker = build_worker(self._store, self._settings, self._clock)
        self._loop = asyncio.get_running_loop()
        self._ready.set()
        try:
            await self._worker.run()
        finally:
            await self._worker.transport.close()


class WorkerPool:
    """The workers one server runs; `alive()` feeds /healthz."""

    def __init__(self, store: Store, settings: Settings, clock: Clock, count: int) -> None:
        self.threads = [
            WorkerThread(store, settings, clock, f"worker-{n + 1}") for n in range(count)
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def alive(self) -> int:
        return sum(thread.is_alive() for thread in self.threads)

    def stop(self) -> None:
        for thread in self.threads:
            thread.stop()
