"""What the ledger records when the relay misbehaves: 4xx, 5xx, a dropped DATA, no relay."""

from __future__ import annotations

import csv
import io

import pytest
from tests.fixtures.cli import Invoke
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_deliver_support import (
    addresses,
    counts,
    make_worker,
    run_mailout,
    sending_mailout,
    settings_for,
)

from mailbrake.models import DeliveryState, MailoutState
from mailbrake.store import Store


async def test_a_4xx_is_deferred_then_retried_until_sent(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    mailout_id = sending_mailout(store, 10, retry_base=120.0)
    grey = addresses(10)[3]
    smtp_sink.fail_rcpt(grey, code=451, times=1)
    started = clock.now()

    await run_mailout(
        make_worker(store, settings_for(database_url, smtp_sink.url), clock), mailout_id
    )

    entry = store.find_delivery(mailout_id, grey)
    assert entry is not None
    assert (entry.state, entry.attempts, entry.smtp_code) == (DeliveryState.SENT, 2, 250)
    assert (clock.now() - started).total_seconds() >= 120
    assert sorted(smtp_sink.recipients()) == addresses(10)
    assert store.get_mailout(mailout_id).state is MailoutState.DONE


async def test_retries_end_in_failed_with_the_last_reply(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    mailout_id = sending_mailout(store, 4, retry_base=10.0, max_attempts=3)
    smtp_sink.fail_rcpt(addresses(4)[0], code=452, text="4.2.2 Mailbox full")

    await run_mailout(
        make_worker(store, settings_for(database_url, smtp_sink.url), clock), mailout_id
    )

    entry = store.find_delivery(mailout_id, addresses(4)[0])
    assert entry is not None
    assert (entry.state, entry.attempts, entry.smtp_code) == (DeliveryState.FAILED, 3, 452)
    assert entry.smtp_reply == "4.2.2 Mailbox full"


async def test_a_5xx_fails_that_recipient_with_the_reply_and_the_rest_go(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    mailout_id = sending_mailout(store, 12)
    smtp_sink.fail_rcpt(addresses(12)[5], code=550, text="5.1.1 No such user")

    await run_mailout(
        make_worker(store, settings_for(database_url, smtp_sink.url), clock), mailout_id
    )

    entry = store.find_delivery(mailout_id, addresses(12)[5])
    assert entry is not None
    assert (entry.state, entry.smtp_code, entry.smtp_reply) == (
        DeliveryState.FAILED,
        550,
        "5.1.1 No such user",
    )
    assert counts(store, mailout_id) == {"sent": 11, "failed": 1}
    assert store.get_mailout(mailout_id).state is MailoutState.DONE


async def test_a_disconnect_during_data_is_uncertain_and_not_resent(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    mailout_id = sending_mailout(store, 8)
    dropped = addresses(8)[2]
    smtp_sink.disconnect_during_data(dropped, times=None)

    await run_mailout(
        make_worker(store, settings_for(database_url, smtp_sink.url), clock), mailout_id
    )

    entry = store.find_delivery(mailout_id, dropped)
    assert entry is not None
    assert entry.state is DeliveryState.UNCERTAIN
    assert [m.rcpt_tos for m in smtp_sink.dropped] == [(dropped,)]  # tried exactly once
    assert dropped not in smtp_sink.recipients()
    mailout = store.get_mailout(mailout_id)
    assert mailout.state is MailoutState.PAUSED
    assert "1 recipients uncertain" in mailout.paused_reason


async def test_relay_down_at_start_pauses_with_the_reason_and_sends_nothing(
    store: Store, dead_smtp_url: str, clock: FakeClock, database_url: str
) -> None:
    mailout_id = sending_mailout(store, 10)

    await run_mailout(
        make_worker(store, settings_for(database_url, dead_smtp_url), clock), mailout_id
    )

    mailout = store.get_mailout(mailout_id)
    assert mailout.state is MailoutState.PAUSED
    assert mailout.paused_reason.startswith("relay unreachable")
    assert counts(store, mailout_id) == {"queued": 10}


async def test_a_high_failure_rate_pauses_the_mailout(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    mailout_id = sending_mailout(store, 80)
    smtp_sink.fail_rcpt(None, code=554, text="5.7.1 Rejected as spam")

    await run_mailout(
        make_worker(store, settings_for(database_url, smtp_sink.url), clock), mailout_id
    )

    mailout = store.get_mailout(mailout_id)
    assert mailout.state is MailoutState.PAUSED
    assert mailout.paused_reason.startswith("failure rate 100%")
    found = counts(store, mailout_id)
    assert found["queued"] > 0
    assert "claimed" not in found
    assert "sent" not in found


@pytest.mark.parametrize(
    ("code", "text"),
    [(530, "5.7.0 Authentication required"), (550, "5.7.1 Sender address rejected")],
)
async def test_a_relay_that_refuses_the_sender_pauses_the_mailout_and_fails_nobody(
    store: Store,
    smtp_sink: SmtpSink,
    clock: FakeClock,
    database_url: str,
    code: int,
    text: str,
) -> None:
    mailout_id = sending_mailout(store, 30)
    smtp_sink.fail_mail(None, code=code, text=text)  # every MAIL FROM

    await run_mailout(
        make_worker(store, settings_for(database_url, smtp_sink.url), clock), mailout_id
    )

    mailout = store.get_mailout(mailout_id)
    assert mailout.state is MailoutState.PAUSED
    assert mailout.paused_reason.startswith(
        f"relay refused the sender <news@example.org> ({code} {text})"
    )
    assert f"mailbrake resume {mailout_id}" in mailout.paused_reason
    assert counts(store, mailout_id) == {"queued": 30}
    assert smtp_sink.messages == []


def test_a_worker_that_cannot_start_pauses_its_mailout_with_the_reason(
    mb: Invoke, cli_env: dict[str, str]
) -> None:
    from click.testing import CliRunner

    from mailbrake.cli.context import AppContext
    from mailbrake.cli.worker import worker
    from mailbrake.settings import Settings

    store = Store.open(cli_env["MAILBRAKE_DATABASE_URL"])
    store.set_audit_secret(cli_env["MAILBRAKE_SECRET_KEY"].encode())
    try:
        mailout_id = sending_mailout(store, 3)
        bad = {"MAILBRAKE_SMTP_URL": "smtp://127.0.0.1:99999"}
        refused = mb("worker", "--mailout", str(mailout_id), env=bad)
        assert refused.exit_code == 2  # an invalid setting stops every command at start
        assert "smtp_url" in refused.output
        # Settings that got past validation (an older file, another version) but cannot
        # make a transport: the worker pauses its mailout instead of leaving it `sending`.
        unusable = Settings.model_construct(
            **{**Settings(database_url=cli_env["MAILBRAKE_DATABASE_URL"],
                          secret_key=cli_env["MAILBRAKE_SECRET_KEY"]).model_dump(),
               "smtp_url": "smtp://127.0.0.1:99999"}
        )  # fmt: skip
        app = AppContext(settings=unusable)
        result = CliRunner().invoke(worker, ["--mailout", str(mailout_id)], obj=app)
        app.close()
        assert result.exit_code != 0
        mailout = store.get_mailout(mailout_id)
        assert mailout.state is MailoutState.PAUSED  # not `sending` with no progress
        assert "99999" in mailout.paused_reason
        assert counts(store, mailout_id) == {"queued": 3}
    finally:
        store.close()


def test_resend_uncertain_is_audited_and_ledger_lists_the_resent(
    mbu: Invoke, cli_env: dict[str, str], staff_users: dict[str, str]
) -> None:
    store = Store.open(cli_env["MAILBRAKE_DATABASE_URL"])
    store.set_audit_secret(cli_env["MAILBRAKE_SECRET_KEY"].encode())
    try:
        mailout_id = sending_mailout(store, 4)
        store.settle_and_claim(mailout_id, "vanished", [], 2)  # no lease: dead
        store.recover_claims(mailout_id)
    finally:
        store.close()

    assert mbu("resend-uncertain", str(mailout_id)).exit_code == 0
    listed = mbu("ledger", str(mailout_id), "--state", "resent", "--format", "csv")

    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert [r["email"] for r in rows] == addresses(2)
    assert {(r["state"], r["attempts"], r["resends"]) for r in rows} == {("queued", "1", "1")}
    admin = {"MAILBRAKE_USER": staff_users["admin"]}
    trail = mbu("audit", "--mailout", str(mailout_id), "--format", "json", env=admin)
    assert '"mailout.resend_uncertain"' in trail.stdout
    assert f'"by": "{staff_users["sender"]}"' in trail.stdout
