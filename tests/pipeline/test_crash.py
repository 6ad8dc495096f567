"""A worker SIGKILLed mid-send: nothing sent twice silently, nobody skipped, doubts listed."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_deliver_support import (
    SECRET,
    SRC,
    addresses,
    ledger_emails,
    make_worker,
    run_mailout,
    sending_mailout,
    settings_for,
    wait_until,
    worker_process,
)

from mailbrake.clock import SystemClock
from mailbrake.models import DeliveryState, MailoutState
from mailbrake.store import Store
from mailbrake.store.workers import LeaseLostError, Recovered


async def recover_later(database_url: str, mailout_id: int, later: timedelta) -> Recovered:
    """Lapsed workers' claims recovered by a store whose clock reads `later` than now."""
    store = Store.open(database_url, clock=FakeClock(datetime.now(UTC) + later))
    try:
        return await asyncio.to_thread(store.recover_claims, mailout_id)
    finally:
        store.close()


def _finish(proc: subprocess.Popen[bytes]) -> None:
    code = proc.wait(timeout=60)
    assert code == 0, proc.stderr.read().decode() if proc.stderr else ""


async def test_killed_worker_resumes_without_resending_or_skipping_anyone(
    live_store: Store, smtp_sink: SmtpSink, database_url: str
) -> None:
    store = live_store
    mailout_id = sending_mailout(store, 200, rate=200.0)
    settings = settings_for(database_url, smtp_sink.url, pool=2)
    victim = worker_process(settings, "--mailout", str(mailout_id), "--batch", "20", "--lease", "2")
    try:
        await smtp_sink.wait_for_async(40, timeout=30)
    finally:
        victim.kill()
        victim.wait()

    # The next worker waits for the dead one's heartbeat lease to lapse, then takes over.
    await run_mailout(make_worker(store, settings, SystemClock()), mailout_id)

    sent = ledger_emails(store, mailout_id, DeliveryState.SENT)
    uncertain = ledger_emails(store, mailout_id, DeliveryState.UNCERTAIN)
    received = Counter(smtp_sink.recipients())
    # Uncertain = only the claims the dead worker may have begun (up to its committed mark);
    # the claims it held but had not begun went back to the queue and were sent by the next.
    assert sent <= set(received) <= sent | uncertain
    assert {a for a, n in received.items() if n > 1} <= uncertain
    rows = [entry.email for entry in store.iter_ledger(mailout_id)]
    assert sorted(rows) == addresses(200)  # everyone exactly once
    assert uncertain, "the kill left claims without a recorded outcome"
    assert store.get_mailout(mailout_id).state is MailoutState.PAUSED

    first_ids = {m.rcpt_tos[0]: m.message["Message-ID"] for m in smtp_sink.messages}
    assert store.requeue_uncertain(mailout_id) == len(uncertain)
    store.resume(mailout_id)
    await run_mailout(make_worker(store, settings, SystemClock()), mailout_id)

    assert store.get_mailout(mailout_id).state is MailoutState.DONE
    assert set(smtp_sink.recipients()) == set(addresses(200))
    for message in smtp_sink.messages:
        wanted = first_ids.get(message.rcpt_tos[0], message.message["Message-ID"])
        assert message.message["Message-ID"] == wanted  # a resend keeps its Message-ID


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_two_workers_never_send_to_the_same_recipient(
    live_store: Store, smtp_sink: SmtpSink, database_url: str
) -> None:
    mailout_id = sending_mailout(live_store, 400)
    settings = settings_for(database_url, smtp_sink.url, pool=3)
    # Park every MAIL FROM until both workers hold claims: one worker has only 3 connections,
    # so a fourth parked transaction proves the second one is sending too.
    gate = smtp_sink.hold(stage="MAIL")
    workers = [
        worker_process(settings, "--mailout", str(mailout_id), "--batch", "10") for _ in range(2)
    ]
    try:
        wait_until(lambda: len(smtp_sink.mail_from_log) >= 4, timeout=30)
    finally:
        gate.release()
    for proc in workers:
        _finish(proc)

    received = Counter(smtp_sink.recipients())
    assert sorted(received) == addresses(400)
    assert max(received.values()) == 1
    senders = {entry.worker_id for entry in live_store.iter_ledger(mailout_id)}
    assert len(senders) == 2
    assert live_store.get_mailout(mailout_id).state is MailoutState.DONE


def test_workers_started_by_send_wait_leave_cleanly_when_it_is_killed(
    live_store: Store, smtp_sink: SmtpSink, database_url: str
) -> None:
    from mailbrake.people import Role

    mailout_id = sending_mailout(live_store, 300, rate=30.0)
    live_store.add_user("ops@example.org", name="Ops", role=Role.ADMIN, actor="t", bootstrap=True)
    env = {
        **os.environ,
        "MAILBRAKE_DATABASE_URL": database_url,
        "MAILBRAKE_SMTP_URL": smtp_sink.url,
        "MAILBRAKE_SECRET_KEY": SECRET,
        "MAILBRAKE_TOKEN": live_store.issue_token("ops@example.org", actor="t"),
        "MAILBRAKE_CONFIG": "/nonexistent-mailbrake.toml",
        "PYTHONPATH": str(SRC),
    }
    command = [sys.executable, "-m", "mailbrake", "send", str(mailout_id), "--wait"]
    parent = subprocess.Popen([*command, "--workers", "2"], env=env, stdout=subprocess.DEVNULL)
    try:
        smtp_sink.wait_for(5, timeout=60)
        wait_until(lambda: len(live_store.live_workers()) == 2, timeout=30)
    finally:
        parent.kill()
        parent.wait()

    # Their parent is gone: each finishes what it began, hands back the rest and unregisters.
    wait_until(lambda: not live_store.live_workers(), timeout=30)
    counts = live_store.delivery_counts(mailout_id)
    assert counts[DeliveryState.CLAIMED] == counts[DeliveryState.UNCERTAIN] == 0
    assert counts[DeliveryState.SENT] == len(smtp_sink.recipients())
    assert counts[DeliveryState.QUEUED] == 300 - counts[DeliveryState.SENT] > 0  # left early


async def test_a_worker_declared_dead_while_alive_stops_sending_and_sends_nobody_twice(
    live_store: Store, smtp_sink: SmtpSink, database_url: str
) -> None:
    mailout_id = sending_mailout(live_store, 200, rate=100.0)
    settings = settings_for(database_url, smtp_sink.url, pool=2)
    worker = make_worker(live_store, settings, SystemClock())
    running = asyncio.ensure_future(run_mailout(worker, mailout_id))
    await smtp_sink.wait_for_async(10, timeout=30)
    # Another worker whose clock reads an hour later finds this one's lease lapsed.
    recovered = await recover_later(database_url, mailout_id, timedelta(hours=1))

    with pytest.raises(LeaseLostError):
        await running
    assert recovered.uncertain + recovered.requeued > 0
    await run_mailout(make_worker(live_store, settings, SystemClock()), mailout_id)

    received = Counter(smtp_sink.recipients())
    assert max(received.values()) == 1  # what it had marked it sent once; the rest went once
    assert set(received) | ledger_emails(live_store, mailout_id, DeliveryState.UNCERTAIN) == set(
        addresses(200)
    )


async def test_claims_handed_back_below_a_workers_mark_are_sent_not_left_waiting(
    live_store: Store, smtp_sink: SmtpSink, database_url: str
) -> None:
    # A worker that holds the first ten claims and then dies (its lease lapses) while another
    # is mid-send: the other, already marked past them, claims them back. Appended behind its
    # unmarked claims they were never taken, and the mailout hung (seen with three workers).
    mailout_id = sending_mailout(live_store, 80, rate=100.0)
    settings = settings_for(database_url, smtp_sink.url, pool=1)
    live_store.register_worker("dead", "elsewhere", 1, lease_seconds=2.0)
    held = live_store.settle_and_claim(mailout_id, "dead", [], 10, 0)
    assert [c.delivery_id for c in held] == sorted(c.delivery_id for c in held)
    worker = make_worker(live_store, settings, SystemClock())
    running = asyncio.ensure_future(run_mailout(worker, mailout_id))
    await smtp_sink.wait_for_async(20, timeout=30)
    recovered = await recover_later(database_url, mailout_id, timedelta(seconds=5))
    assert recovered.requeued == 10  # never begun: back to the queue, below the live mark

    await running  # timed out (30 s) before: the handed-back claims sat behind unmarked ones
    assert sorted(smtp_sink.recipients()) == addresses(80)
    assert live_store.get_mailout(mailout_id).state is MailoutState.DONE
