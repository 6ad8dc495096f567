"""Helpers shared by the delivery-engine tests (no tests here): lists, mailouts, workers."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.fixtures.clock import FakeClock

from mailbrake.clock import Clock
from mailbrake.models import DeliveryState, MailoutContent, MailoutState, NewSubscriber
from mailbrake.pipeline.deliver import DeliveryOptions, start_sending
from mailbrake.pipeline.deliver.build import build_worker
from mailbrake.pipeline.deliver.dispatch import Batching
from mailbrake.pipeline.deliver.worker import Worker
from mailbrake.settings import Settings
from mailbrake.store import Store

SECRET = "delivery-tests-secret"
SRC = Path(__file__).resolve().parents[2] / "src"


def addresses(n: int, domain: str = "example.org") -> list[str]:
    return [f"person{i:04d}@{domain}" for i in range(n)]


def scheduled_mailout(store: Store, n: int) -> int:
    """A list of n people and a mailout to it, moved draft -> checked -> scheduled."""
    mailing_list = store.create_list(f"staff-{len(store.list_lists()) + 1}")
    people = [NewSubscriber(a, f"Person {i}") for i, a in enumerate(addresses(n))]
    store.add_subscribers(mailing_list.id, people)
    content = MailoutContent(
        from_addr="News <news@example.org>",
        subject="Hello {{ name }}",
        text="Dear {{ name }},\n\nThe canteen opens at nine.\n",
    )
    mailout_id = store.create_mailout(mailing_list.id, content, created_by="tester")
    store.change_state(mailout_id, MailoutState.CHECKED)
    store.change_state(mailout_id, MailoutState.SCHEDULED)
    return mailout_id


def sending_mailout(store: Store, n: int, **options: object) -> int:
    mailout_id = scheduled_mailout(store, n)
    start_sending(store, mailout_id, DeliveryOptions.build(**options))  # type: ignore[arg-type]
    return mailout_id


def settings_for(database_url: str, smtp_url: str, pool: int = 4) -> Settings:
    return Settings(
        database_url=database_url, smtp_url=smtp_url, secret_key=SECRET, smtp_pool_size=pool
    )


def fake_sleep(clock: FakeClock) -> Callable[[float], Awaitable[None]]:
    """Waiting moves the fake clock instead of the wall clock."""

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)
        await asyncio.sleep(0)

    return sleep


def make_worker(
    store: Store,
    settings: Settings,
    clock: Clock,
    *,
    batch_size: int = 20,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> Worker:
    return build_worker(
        store,
        settings,
        clock,
        batching=Batching(batch_size=batch_size, flush_every=0.05),
        sleep=sleep or (fake_sleep(clock) if isinstance(clock, FakeClock) else asyncio.sleep),
        starts_scheduled=False,
    )


async def run_mailout(worker: Worker, mailout_id: int) -> None:
    try:
        await asyncio.wait_for(worker.run(mailout_id=mailout_id), timeout=30)
    finally:
        await worker.transport.close()


def counts(store: Store, mailout_id: int) -> dict[str, int]:
    found = store.delivery_counts(mailout_id)
    return {str(state): n for state, n in found.items() if n}


def ledger_emails(store: Store, mailout_id: int, state: DeliveryState) -> set[str]:
    return {entry.email for entry in store.iter_ledger(mailout_id, state)}


def worker_process(settings: Settings, *args: str) -> subprocess.Popen[bytes]:
    """`mailbrake worker ARGS` as a real subprocess, configured through MAILBRAKE_* variables."""
    env = {
        **os.environ,
        "MAILBRAKE_DATABASE_URL": settings.database_url,
        "MAILBRAKE_SMTP_URL": settings.smtp_url,
        "MAILBRAKE_SECRET_KEY": SECRET,
        "MAILBRAKE_SMTP_POOL_SIZE": str(settings.smtp_pool_size),
        "MAILBRAKE_CONFIG": "/nonexistent-mailbrake.toml",
        "PYTHONPATH": str(SRC),
    }
    command = [sys.executable, "-m", "mailbrake", "worker", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_until(condition: Callable[[], bool], timeout: float) -> None:
    """Wait for a condition no event announces (a peer's log); fails after `timeout`."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.01)
