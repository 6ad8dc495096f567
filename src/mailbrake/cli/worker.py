"""`mailbrake worker`: a long-running sending worker (SIGTERM or Ctrl-C to leave cleanly)."""

from __future__ import annotations

import asyncio
import signal

import click

from mailbrake.cli.context import AppContext, pass_app
from mailbrake.pipeline.deliver.dispatch import Batching
from mailbrake.pipeline.deliver.originals import with_originals
from mailbrake.pipeline.deliver.worker import Worker, WorkerConfig, mime_messages


@click.command("worker")
@click.option("--mailout", "mailout_id", type=int, help="Send only this mailout, to its end.")
@click.option("--once", is_flag=True, help="Exit when no mailout is sending.")
@click.option("--batch", default=200, show_default=True, type=click.IntRange(1, 10_000))
@pass_app
def worker(app: AppContext, mailout_id: int | None, once: bool, batch: int) -> None:
    """Run a sending worker until SIGTERM or Ctrl-C (in-flight messages finish first)."""
    from mailbrake.pipeline.hold import start_due
    from mailbrake.transport import make_transport

    settings = app.settings
    config = WorkerConfig(
        batching=Batching(batch_size=batch), max_connections=settings.smtp_pool_size
    )
    messages = with_originals(
        app.store,
        mime_messages(settings.resolved_secret(), settings.public_url, settings.render_limits()),
    )

    async def main() -> None:
        transport = make_transport(settings)
        engine = Worker(
            app.store, transport, messages, clock=app.clock, config=config,
            start_due=lambda: start_due(app.store, settings, app.clock),
        )  # fmt: skip
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, engine.request_exit)
        try:
            await engine.run(mailout_id=mailout_id, once=once)
        finally:
            await transport.close()

    asyncio.run(main())
