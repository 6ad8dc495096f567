"""The ledger's store verbs: enqueue, claim, settle, recover, read back (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from tests.fixtures.clock import FakeClock
from tests.pipeline.test_deliver_support import addresses, scheduled_mailout, sending_mailout

from mailbrake.errors import StateError
from mailbrake.models import DeliveryState as D
from mailbrake.models import MailoutState
from mailbrake.store import Store
from mailbrake.store.ledger import LeaseLostError, Outcome


def test_enqueue_writes_one_queued_row_per_active_recipient(store: Store) -> None:
    mailout_id = scheduled_mailout(store, 30)
    store.unsubscribe(addresses(30)[4])

    run = store.start_run(mailout_id, lambda total: [3, None], {"delivery": {"rate": 1.0}})

    assert (run.total, run.wave_count, run.current_wave) == (29, 2, 0)
    rows = list(store.iter_ledger(mailout_id, page=7))
    assert len(rows) == 29
    assert {r.state for r in rows} == {D.QUEUED}
    assert addresses(30)[4] not in {r.email for r in rows}
    assert [r.wave for r in rows].count(0) == 3
    mailout = store.get_mailout(mailout_id)
    assert mailout.state is MailoutState.SENDING
    assert mailout.options["delivery"] == {"rate": 1.0}


def test_reading_the_ledger_after_a_delivery_id_starts_there(store: Store) -> None:
    mailout_id = scheduled_mailout(store, 20)
    store.start_run(mailout_id, lambda total: [None], {})
    every = list(store.iter_ledger(mailout_id))
    cut = every[12].id
    assert list(store.iter_ledger(mailout_id, page=3, after=cut)) == every[13:]
    assert list(store.iter_ledger(mailout_id, after=every[-1].id)) == []


def test_only_a_scheduled_mailout_starts(store: Store) -> None:
    mailout_id = sending_mailout(store, 3)
    with pytest.raises(StateError, match="sending"):
        store.start_run(mailout_id, lambda total: [None], {})
    assert len(list(store.iter_ledger(mailout_id))) == 3


def test_concurrent_claims_never_hand_out_a_row_twice(store: Store) -> None:
    mailout_id = sending_mailout(store, 300)
    taken: dict[str, list[int]] = {"a": [], "b": [], "c": []}

    def claim_all(worker: str) -> None:
        while batch := store.settle_and_claim(mailout_id, worker, [], 7, 60):
            taken[worker] += [c.delivery_id for c in batch]

    threads = [threading.Thread(target=claim_all, args=(w,)) for w in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    every = [i for ids in taken.values() for i in ids]
    assert len(every) == len(set(every)) == 300


def test_settle_records_the_reply_and_claims_the_next_batch(store: Store, clock: FakeClock) -> None:
    mailout_id = sending_mailout(store, 5)
    first = store.settle_and_claim(mailout_id, "w", [], 2, 60)
    outcomes = [
        Outcome(first[0].delivery_id, D.SENT, 250, "2.0.0 Ok", "<a@x>", clock.now()),
        Outcome(first[1].delivery_id, D.FAILED, 550, "5.1.1 No such user", "<b@x>", clock.now()),
    ]

    second = store.settle_and_claim(mailout_id, "w", outcomes, 2, 60)

    assert [c.delivery_id for c in second] == [3, 4]
    entry = store.find_delivery(mailout_id, first[1].subscriber.email)
    assert entry is not None
    assert (entry.state, entry.smtp_code, entry.smtp_reply) == (D.FAILED, 550, "5.1.1 No such user")
    assert entry.message_id == "<b@x>"


def test_nothing_is_claimed_from_a_mailout_that_is_not_sending(store: Store) -> None:
    mailout_id = sending_mailout(store, 5)
    store.pause(mailout_id, "by hand")
    assert store.settle_and_claim(mailout_id, "w", [], 10, 60) == []
    assert store.get_mailout(mailout_id).paused_reason == "by hand"


def test_a_dead_workers_begun_claims_become_uncertain_and_the_rest_are_queued_again(
    store: Store, clock: FakeClock
) -> None:
    mailout_id = sending_mailout(store, 8)
    store.register_worker("dead", "h", 1, lease_seconds=10)
    claims = store.settle_and_claim(mailout_id, "dead", [], 4)
    # The mark covers the first two: only they may have had their MAIL FROM written.
    store.settle_and_claim(mailout_id, "dead", [], 0, claims[1].delivery_id)
    store.settle_and_claim(mailout_id, "orphan", [], 2)  # a worker that never registered
    clock.advance(5)
    store.register_worker("alive", "h", 2, lease_seconds=10)
    store.settle_and_claim(mailout_id, "alive", [], 2)
    clock.advance(6)  # "dead" lapsed 1 s ago; "alive" has 4 s left

    recovered = store.recover_claims(mailout_id)

    assert (recovered.uncertain, recovered.requeued) == (4, 2)
    states = [(e.worker_id, e.state, e.attempts) for e in store.iter_ledger(mailout_id)]
    assert states == [
        ("dead", D.UNCERTAIN, 1),
        ("dead", D.UNCERTAIN, 1),
        (None, D.QUEUED, 0),
        (None, D.QUEUED, 0),
        ("orphan", D.UNCERTAIN, 1),
        ("orphan", D.UNCERTAIN, 1),
        ("alive", D.CLAIMED, 0),
        ("alive", D.CLAIMED, 0),
    ]
    assert store.live_workers() == ["alive"]


def test_a_worker_declared_dead_records_its_replies_and_is_told_to_stop(
    store: Store, clock: FakeClock
) -> None:
    mailout_id = sending_mailout(store, 4)
    store.register_worker("slow", "h", 1, lease_seconds=10)
    claims = store.settle_and_claim(mailout_id, "slow", [], 2)
    store.settle_and_claim(mailout_id, "slow", [], 0, claims[-1].delivery_id)
    clock.advance(11)
    store.recover_claims(mailout_id)
    late = Outcome(claims[0].delivery_id, D.SENT, 250, "ok", "<m@x>", clock.now())

    with pytest.raises(LeaseLostError):
        store.settle_and_claim(mailout_id, "slow", [late], 2, claims[-1].delivery_id)

    assert store.delivery_counts(mailout_id)[D.SENT] == 1  # the late reply counts
    assert store.delivery_counts(mailout_id)[D.QUEUED] == 2  # nothing more was claimed
    assert not store.heartbeat("slow", mailout_id, 10)


def test_a_late_reply_corrects_an_uncertain_row(store: Store, clock: FakeClock) -> None:
    mailout_id = sending_mailout(store, 1)
    claim = store.settle_and_claim(mailout_id, "w", [], 1, 10)[0]
    clock.advance(20)
    store.recover_claims(mailout_id)

    store.record_outcomes(
        "w", [Outcome(claim.delivery_id, D.SENT, 250, "ok", "<m@x>", clock.now())]
    )

    assert store.delivery_counts(mailout_id)[D.SENT] == 1


def test_requeued_uncertain_rows_are_claimed_again(store: Store, clock: FakeClock) -> None:
    mailout_id = sending_mailout(store, 3)
    store.settle_and_claim(mailout_id, "w", [], 3, 1)
    clock.advance(5)
    store.recover_claims(mailout_id)
    assert store.close_wave(mailout_id, None) is MailoutState.PAUSED

    assert store.requeue_uncertain(mailout_id) == 3
    assert store.resume(mailout_id)

    assert len(store.settle_and_claim(mailout_id, "w2", [], 10, 60)) == 3


def test_deferred_rows_wait_for_their_retry_time(store: Store, clock: FakeClock) -> None:
    mailout_id = sending_mailout(store, 1)
    claim = store.settle_and_claim(mailout_id, "w", [], 1, 60)[0]
    retry = clock.now() + timedelta(seconds=300)
    deferred = Outcome(claim.delivery_id, D.DEFERRED, 451, "later", None, None, retry)

    assert store.settle_and_claim(mailout_id, "w", [deferred], 1, 60) == []
    assert store.next_retry_at(mailout_id) == retry
    clock.advance(300)

    again = store.settle_and_claim(mailout_id, "w", [], 1, 60)
    assert [(c.delivery_id, c.attempts) for c in again] == [(claim.delivery_id, 1)]


def test_stop_acks_come_from_live_workers_only(store: Store, clock: FakeClock) -> None:
    mailout_id = sending_mailout(store, 4)
    store.register_worker("quiet", "h", 1)
    clock.advance(100)
    store.register_worker("live", "h", 2)
    claims = store.settle_and_claim(mailout_id, "live", [], 2, 60)

    order = store.request_stop([mailout_id])
    assert store.unacked_workers(order.generation) == ["live"]
    store.ack_stop("live", order.generation, [c.delivery_id for c in claims], [])

    assert store.unacked_workers(order.generation) == []
    assert store.halt_remaining(mailout_id) == 2
    assert store.delivery_counts(mailout_id)[D.HALTED] == 4
    assert order.changes == [(mailout_id, MailoutState.SENDING, MailoutState.HALTED)]


def test_a_resend_is_counted_audited_and_listed_with_its_first_attempt_time(
    store: Store, clock: FakeClock
) -> None:
    mailout_id = sending_mailout(store, 3)
    claims = store.settle_and_claim(mailout_id, "gone", [], 3)
    first_try = clock.now()
    clock.advance(60)
    store.recover_claims(mailout_id)  # never registered: all three may have begun
    assert store.close_wave(mailout_id, None) is MailoutState.PAUSED
    clock.advance(60)

    assert store.requeue_uncertain(mailout_id, actor="ops@example.org") == 3
    store.resume(mailout_id)
    again = store.settle_and_claim(mailout_id, "w2", [], 3)
    sent = [Outcome(c.delivery_id, D.SENT, 250, "ok", "<m@x>", clock.now()) for c in again]
    store.record_outcomes("w2", sent)

    resent = list(store.iter_ledger(mailout_id, resent=True))
    assert [e.email for e in resent] == [c.subscriber.email for c in claims]
    assert {(e.state, e.attempts, e.resends) for e in resent} == {(D.SENT, 2, 1)}
    assert {e.first_attempt_at for e in resent} == {first_try}
    assert {e.sent_at for e in resent} == {clock.now()}
    events = [e for e in store.iter_events("mailout", mailout_id) if "resend" in e.action]
    assert [(e.actor, e.details) for e in events] == [
        ("ops@example.org", {"resent": 3, "by": "ops@example.org"})
    ]
