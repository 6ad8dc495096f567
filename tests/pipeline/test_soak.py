"""The kill soak: workers SIGKILLed mid-send, ten times; nobody lost, nobody sent twice
silently, and `uncertain` stays close to what was really in flight."""

from __future__ import annotations

import random
from collections import Counter

from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_deliver_support import (
    addresses,
    ledger_emails,
    make_worker,
    run_mailout,
    sending_mailout,
    settings_for,
    worker_process,
)

from mailbrake.clock import SystemClock
from mailbrake.models import DeliveryState, MailoutState
from mailbrake.store import Store

RECIPIENTS = 1500
KILLS = 10


async def test_ten_kills_lose_nobody_send_nobody_twice_and_keep_uncertain_to_the_in_flight(
    live_store: Store, smtp_sink: SmtpSink, database_url: str
) -> None:
    store = live_store
    mailout_id = sending_mailout(store, RECIPIENTS, rate=400.0)
    settings = settings_for(database_url, smtp_sink.url, pool=3)
    chance = random.Random(10)
    for _ in range(KILLS):
        victim = worker_process(
            settings, "--mailout", str(mailout_id), "--batch", "60", "--lease", "1"
        )
        try:
            await smtp_sink.wait_for_async(len(smtp_sink.messages) + chance.randint(10, 60), 30)
        finally:
            victim.kill()
            victim.wait()
    # The survivor waits for the victims' leases to lapse, recovers their claims, finishes.
    await run_mailout(make_worker(store, settings, SystemClock()), mailout_id)

    sent = ledger_emails(store, mailout_id, DeliveryState.SENT)
    uncertain = ledger_emails(store, mailout_id, DeliveryState.UNCERTAIN)
    received = Counter(smtp_sink.recipients())
    begun = set(smtp_sink.rcpt_log)  # MAIL FROM and RCPT TO written, DATA maybe cut short
    in_flight = uncertain & begun
    print(
        f"\n{store.engine.dialect.name}: {KILLS} kills, {len(sent)} sent, {len(uncertain)} "
        f"uncertain, {len(in_flight)} of them really begun, {len(uncertain & set(received))} "
        "of them received"
    )
    assert sent | uncertain == set(addresses(RECIPIENTS))  # nobody lost
    assert sent <= set(received)  # every `sent` really arrived
    assert max(received.values()) == 1  # nobody got two copies
    assert uncertain, "ten kills mid-send left nothing in flight"
    # The target is 2x; a kill leaves at most one mark step (about one message per
    # connection) beyond what had begun, so with a handful in flight per kill the ratio sits
    # near 1.3-2.2 (docs/delivery.md). 3x keeps the test about the property, not the noise:
    # before the mark, a dead worker's whole claim (tens of rows) became uncertain.
    assert len(uncertain) <= 3 * len(in_flight)
    assert store.get_mailout(mailout_id).state is MailoutState.PAUSED

    assert store.requeue_uncertain(mailout_id, actor="ops@example.org") == len(uncertain)
    store.resume(mailout_id)
    await run_mailout(make_worker(store, settings, SystemClock()), mailout_id)

    assert store.get_mailout(mailout_id).state is MailoutState.DONE
    assert set(smtp_sink.recipients()) == set(addresses(RECIPIENTS))
    twice = {a for a, n in Counter(smtp_sink.recipients()).items() if n > 1}
    resent = {e.email for e in store.iter_ledger(mailout_id, resent=True)}
    assert twice <= resent == uncertain  # every possible duplicate is named
