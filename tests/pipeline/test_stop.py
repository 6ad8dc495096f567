"""The emergency stop: once `stop` returns, no worker begins another SMTP transaction."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_deliver_support import (
    SECRET,
    ledger_emails,
    sending_mailout,
    settings_for,
    worker_process,
)

from mailbrake.models import DeliveryState, MailoutState
from mailbrake.pipeline.stop import await_in_flight, stop_mailouts
from mailbrake.store import Store


@pytest.fixture
def live_store(database_url: str) -> Iterator[Store]:
    """A store on the wall clock: worker subprocesses heartbeat in real time."""
    opened = Store.open(database_url)
    opened.set_audit_secret(SECRET.encode())
    yield opened
    opened.close()


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
