"""One way to assemble a sending worker (the CLI, the demo and the tests all use it)."""

from __future__ import annotations

import asyncio

from mailbrake.clock import Clock
from mailbrake.pipeline.deliver.dispatch import Batching
from mailbrake.pipeline.deliver.originals import with_originals
from mailbrake.pipeline.deliver.throttle import Sleep
from mailbrake.pipeline.deliver.worker import Worker, WorkerConfig, mime_messages
from mailbrake.settings import Settings
from mailbrake.store import Store


def build_worker(
    store: Store,
    settings: Settings,
    clock: Clock,
    *,
    batching: Batching | None = None,
    lease: float = 15.0,
    parent_pid: int | None = None,
    sleep: Sleep = asyncio.sleep,
    starts_scheduled: bool = True,
) -> Worker:
    """A worker over `settings`' relay and message secret.

    starts_scheduled: it also starts scheduled mailouts whose undo window has passed.
    Raises SettingsError (before anything is sent) when the relay URL is unusable.
    """
    from mailbrake.pipeline.hold import start_due
    from mailbrake.transport import make_transport

    transport = make_transport(settings)
    config = WorkerConfig(
        batching=batching or Batching(),
        max_connections=settings.smtp_pool_size,
        lease=lease,
        parent_pid=parent_pid,
    )

    def start_scheduled() -> object:
        return start_due(store, settings, clock)

    return Worker(
        store,
        transport,
        with_originals(
            store,
            mime_messages(
                settings.resolved_secret(), settings.public_url, settings.render_limits()
            ),
        ),
        clock=clock,
        sleep=sleep,
        config=config,
        start_due=start_scheduled if starts_scheduled else None,
    )
