"""`mailbrake worker`: a long-running sending worker (SIGTERM or Ctrl-C to leave cleanly)."""

from __future__ import annotations

import asyncio
import ctypes
import os
import signal
import sys

import click

from mailbrake.cli.context import AppContext, pass_app
from mailbrake.errors import MailbrakeError
from mailbrake.pipeline.deliver.dispatch import Batching

PR_SET_PDEATHSIG = 1  # linux/prctl.h


@click.command("worker")
@click.option("--mailout", "mailout_id", type=int, help="Send only this mailout, to its end.")
@click.option("--once", is_flag=True, help="Exit when no mailout is sending.")
@click.option("--batch", default=200, show_default=True, type=click.IntRange(1, 10_000))
@click.option(
    "--lease",
    default=15.0,
    show_default=True,
    type=click.FloatRange(1.0, 3600.0),
    help="Seconds without a heartbeat after which others take over this worker's claims.",
)
@click.option(
    "--parent-pid",
    type=int,
    help="Exit cleanly (handing back unsent claims) when this process is gone.",
)
@pass_app
def worker(
    app: AppContext,
    mailout_id: int | None,
    once: bool,
    batch: int,
    lease: float,
    parent_pid: int | None,
) -> None:
    """Run a sending worker until SIGTERM or Ctrl-C (in-flight messages finish first)."""
    from mailbrake.pipeline.deliver.build import build_worker

    if parent_pid is not None:
        _die_with_parent(parent_pid)
    try:
        engine = build_worker(
            app.store,
            app.settings,
            app.clock,
            batching=Batching(batch_size=batch),
            lease=lease,
            parent_pid=parent_pid,
        )
    except MailbrakeError as exc:
        _pause_unstartable(app, mailout_id, exc)
        raise

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, engine.request_exit)
        try:
            await engine.run(mailout_id=mailout_id, once=once)
        finally:
            await engine.transport.close()

    asyncio.run(main())


def _pause_unstartable(app: AppContext, mailout_id: int | None, exc: MailbrakeError) -> None:
    """A worker that cannot start its mailout pauses it with the reason (else it would stay
    `sending` with no progress, and nobody would know why)."""
    if mailout_id is None:
        return
    reason = f"a worker could not start: {exc.message}"
    app.store.pause(mailout_id, reason, actor=f"worker on pid {os.getpid()}")


def _die_with_parent(parent_pid: int) -> None:
    """On Linux, ask for SIGTERM when the parent dies (the worker also polls getppid())."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return  # the getppid() poll still notices
