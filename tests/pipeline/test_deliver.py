"""Delivering a mailout into the real SMTP sink, with the ledger recording every outcome."""

from __future__ import annotations

from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_deliver_support import (
    addresses,
    counts,
    ledger_emails,
    make_worker,
    run_mailout,
    sending_mailout,
    settings_for,
)

from mailbrake.models import DeliveryState, MailoutState
from mailbrake.store import Store


async def test_worker_sends_every_recipient_once_and_records_it(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    mailout_id = sending_mailout(store, 60)
    worker = make_worker(store, settings_for(database_url, smtp_sink.url), clock)

    await run_mailout(worker, mailout_id)

    assert sorted(smtp_sink.recipients()) == addresses(60)
    assert counts(store, mailout_id) == {"sent": 60}
    assert store.get_mailout(mailout_id).state is MailoutState.DONE
    entry = store.find_delivery(mailout_id, "person0007@example.org")
    assert entry is not None
    assert entry.smtp_code == 250
    received = {m.message["Message-ID"] for m in smtp_sink.messages}
    assert entry.message_id in received
    assert ledger_emails(store, mailout_id, DeliveryState.SENT) == set(addresses(60))
