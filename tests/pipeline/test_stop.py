"""The emergency stop: once `stop` returns, no worker begins another SMTP transaction."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_deliver_support import (
    SECRET,
    SRC,
    addresses,
    counts,
    ledger_emails,
    make_worker,
    run_mailout,
    sending_mailout,
    settings_for,
    wait_until,
    worker_process,
)

from mailbrake.models import DeliveryState, Envelope, Mailout, MailoutState, Subscriber
from mailbrake.pipeline.deliver.dispatch import Build
from mailbrake.pipeline.stop import await_in_flight, stop_mailouts
from mailbrake.store import Store
from mailbrake.store.acks import ack_payload
from mailbrake.store.ledger import ACK_CHANNEL, Outcome, RunInfo


def test_stop_leaves_no_message_started_after_it_returns(
    live_store: Store, smtp_sink: SmtpSink, database_url: str
) -> None:
    store = live_store
    mailout_id = sending_mailout(store, 300, rate=150.0)
    settings = settings_for(database_url, smtp_sink.url, pool=2)
    workers = [worker_process(settings, "--mailout", str(mailout_id)) for _ in range(2)]
    try:
        smtp_sink.wait_for(20, timeout=30)

        report = stop_mailouts(store, [mailout_id], ack_timeout=10)
        mark = smtp_sink.mark()

        for proc in workers:
            assert proc.wait(timeout=30) == 0, proc.stderr.read() if proc.stderr else ""
    finally:
        for proc in workers:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert report.unacknowledged == []
    assert smtp_sink.transactions_after(mark) == []
    stopped = report.stopped[0]
    assert (stopped.before, stopped.after) == (MailoutState.SENDING, MailoutState.HALTED)
    assert store.get_mailout(mailout_id).state is MailoutState.HALTED
    counts = store.delivery_counts(mailout_id)
    assert counts[DeliveryState.QUEUED] == counts[DeliveryState.CLAIMED] == 0
    assert counts[DeliveryState.HALTED] > 0
    received = set(smtp_sink.recipients())
    maybe = ledger_emails(store, mailout_id, DeliveryState.SENT) | ledger_emails(
        store, mailout_id, DeliveryState.UNCERTAIN
    )
    assert received == maybe
    assert ledger_emails(store, mailout_id, DeliveryState.HALTED).isdisjoint(received)


def test_stop_before_any_message_cancels_and_halts_everyone(
    live_store: Store, smtp_sink: SmtpSink
) -> None:
    mailout_id = sending_mailout(live_store, 40)

    report = stop_mailouts(live_store, [mailout_id])

    assert report.stopped[0].after is MailoutState.CANCELLED
    assert report.stopped[0].halted == 40
    assert live_store.delivery_counts(mailout_id)[DeliveryState.HALTED] == 40
    assert await_in_flight(live_store, mailout_id, [], timeout=1) == {}
    assert smtp_sink.messages == []


def test_stop_all_stops_every_running_mailout_and_reports_final_ones(
    live_store: Store,
) -> None:
    first = sending_mailout(live_store, 5)
    second = sending_mailout(live_store, 5)
    stop_mailouts(live_store, [second])

    report = stop_mailouts(live_store, None)

    assert [m.mailout_id for m in report.stopped] == [first]
    assert live_store.get_mailout(first).state is MailoutState.CANCELLED
    again = stop_mailouts(live_store, [second])
    assert again.already_final == [(second, MailoutState.CANCELLED)]


def test_a_worker_that_never_acknowledges_is_named_and_dead_ones_are_skipped(
    store: Store, clock: FakeClock
) -> None:
    mailout_id = sending_mailout(store, 3)
    store.register_worker("gone:1:aa", "gone", 1)
    clock.advance(60)  # its heartbeat is now a minute old: dead, not waited for
    store.register_worker("stuck:2:bb", "stuck", 2)
    elapsed = [0.0]

    def fake_wait(seconds: float) -> None:
        elapsed[0] += seconds

    report = stop_mailouts(
        store, [mailout_id], ack_timeout=1.0, wait=fake_wait, monotonic=lambda: elapsed[0]
    )

    assert report.unacknowledged == ["stuck:2:bb"]
    assert elapsed[0] >= 1.0
    assert store.get_mailout(mailout_id).state is MailoutState.CANCELLED


def test_sigterm_finishes_in_flight_and_hands_back_unsent_claims(
    live_store: Store, smtp_sink: SmtpSink, database_url: str
) -> None:
    mailout_id = sending_mailout(live_store, 200, rate=100.0)
    proc = worker_process(settings_for(database_url, smtp_sink.url, pool=2))
    try:
        smtp_sink.wait_for(5, timeout=30)
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)

    assert code == 0
    counts = live_store.delivery_counts(mailout_id)
    assert counts[DeliveryState.CLAIMED] == counts[DeliveryState.UNCERTAIN] == 0
    assert counts[DeliveryState.SENT] == len(smtp_sink.recipients())
    assert counts[DeliveryState.QUEUED] == 200 - counts[DeliveryState.SENT]
    assert live_store.get_mailout(mailout_id).state is MailoutState.SENDING


async def test_a_stop_that_lands_while_a_connection_reopens_begins_no_transaction(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    """The brake goes on after the sender's own check but before MAIL FROM, while the
    transport must open a new connection: the gate in the transport catches it."""
    # A rate limit makes each message the first of its own stream, so the previous one is
    # finished when the connection drops (mid-stream stops: the test below).
    mailout_id = sending_mailout(store, 12, rate=1000.0)
    settings = settings_for(database_url, smtp_sink.url, pool=1)
    worker = make_worker(store, settings, clock)
    marks: list[int] = []
    build = worker.messages

    def messages(mailout: Mailout, run: RunInfo) -> Build:
        make = build(mailout, run)

        def build_one(person: Subscriber) -> Envelope:
            if person.email == addresses(12)[5]:  # after the check, before the transport
                # What the worker's stop watcher does, done right here.
                order = store.request_stop([mailout_id])
                halted, _ = worker.brake.apply({mailout_id: MailoutState.HALTED})
                store.ack_stop(worker.id, order.generation, halted, [])
                smtp_sink.drop_connections()
                marks.append(smtp_sink.mark())
            return make(person)

        return build_one

    worker.messages = messages
    await run_mailout(worker, mailout_id)

    assert smtp_sink.transactions_after(marks[0]) == []
    assert smtp_sink.recipients() == addresses(12)[:5]
    entry = store.find_delivery(mailout_id, addresses(12)[5])
    assert entry is not None
    assert entry.state is DeliveryState.HALTED
    assert counts(store, mailout_id) == {"sent": 5, "halted": 7}


def test_before_its_bookkeeping_a_stop_already_reads_as_halted_everywhere(
    store: Store, clock: FakeClock
) -> None:
    mailout_id = sending_mailout(store, 10)
    claims = store.settle_and_claim(mailout_id, "w", [], 3, 60)
    store.record_outcomes(
        "w",
        [Outcome(c.delivery_id, DeliveryState.SENT, 250, "ok", None, clock.now()) for c in claims],
    )

    report = stop_mailouts(store, [mailout_id], settle=False)

    assert (report.stopped[0].sent, report.stopped[0].halted) == (3, 7)
    assert counts(store, mailout_id) == {"sent": 3, "halted": 7}
    assert len(list(store.iter_ledger(mailout_id, DeliveryState.HALTED))) == 7
    assert list(store.iter_ledger(mailout_id, DeliveryState.QUEUED)) == []
    entry = store.find_delivery(mailout_id, addresses(10)[9])
    assert entry is not None
    assert entry.state is DeliveryState.HALTED
    assert store.settle_stopped() == 7  # what the next worker pass writes
    assert store.settle_stopped() == 0
    assert counts(store, mailout_id) == {"sent": 3, "halted": 7}


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_on_postgres_a_worker_answers_the_stop_on_the_reply_channel(
    live_store: Store,
) -> None:
    mailout_id = sending_mailout(live_store, 5)
    seen = live_store.register_worker("w:1:aa", "h", 1)
    answer = sa.create_engine(live_store.engine.url)

    def answer_when_stopped() -> None:
        wait_until(lambda: live_store.stop_generation() > seen, timeout=10)
        with answer.begin() as conn:
            payload = ack_payload("w:1:aa", seen + 1)
            conn.execute(sa.select(sa.func.pg_notify(ACK_CHANNEL, payload)))

    thread = threading.Thread(target=answer_when_stopped)
    thread.start()
    try:
        report = stop_mailouts(live_store, [mailout_id], ack_timeout=10)
    finally:
        thread.join()
        answer.dispose()

    assert report.unacknowledged == []
    # Heard on the channel: the workers table was never read as acknowledged.
    assert live_store.unacked_workers(seen + 1) == ["w:1:aa"]


async def test_a_stop_that_lands_mid_stream_leaves_the_next_message_unbegun(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    """The next message's MAIL FROM would share a write with the current one's content: a
    stop that lands while it is built sends the content alone and leaves the next unbegun."""
    mailout_id = sending_mailout(store, 12)
    worker = make_worker(store, settings_for(database_url, smtp_sink.url, pool=1), clock)
    marks: list[int] = []
    build = worker.messages

    def messages(mailout: Mailout, run: RunInfo) -> Build:
        make = build(mailout, run)

        def build_one(person: Subscriber) -> Envelope:
            if person.email == addresses(12)[5]:
                order = store.request_stop([mailout_id])
                halted, _ = worker.brake.apply({mailout_id: MailoutState.HALTED})
                store.ack_stop(worker.id, order.generation, halted, [])
                marks.append(smtp_sink.mark())
            return make(person)

        return build_one

    worker.messages = messages
    await run_mailout(worker, mailout_id)

    assert smtp_sink.transactions_after(marks[0]) == []
    assert smtp_sink.recipients() == addresses(12)[:5]
    assert counts(store, mailout_id) == {"sent": 5, "halted": 7}


def test_stop_says_it_is_waiting_while_another_process_holds_the_database_lock(
    sqlite_url: str,
) -> None:
    store = Store.open(sqlite_url)
    store.set_audit_secret(SECRET.encode())
    mailout_id = sending_mailout(store, 3)
    env = {
        **os.environ,
        "MAILBRAKE_DATABASE_URL": sqlite_url,
        "MAILBRAKE_SECRET_KEY": SECRET,
        "MAILBRAKE_CONFIG": "/nonexistent-mailbrake.toml",
        "PYTHONPATH": str(SRC),
    }
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process's write transaction, still open
    command = [sys.executable, "-m", "mailbrake", "stop", str(mailout_id), "--routine"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stderr is not None
        said = proc.stderr.readline().decode()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    code = proc.wait(timeout=30)

    assert "Waiting for the database: another process holds its lock" in said
    assert code == 0
    assert store.get_mailout(mailout_id).state is MailoutState.CANCELLED
    store.close()
