"""Waves and limits: a canary first, a pause until resume (or a timed resume), a rate limit."""

from __future__ import annotations

import pytest
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_deliver_support import (
    counts,
    make_worker,
    run_mailout,
    sending_mailout,
    settings_for,
)

from mailbrake.errors import InputError
from mailbrake.models import DeliveryState, MailoutState
from mailbrake.pipeline.deliver.waves import plan_waves, wave_sizes
from mailbrake.pipeline.stop import stop_mailouts
from mailbrake.store import Store


async def test_canary_wave_pauses_until_resume_then_the_rest_go(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    settings = settings_for(database_url, smtp_sink.url)
    mailout_id = sending_mailout(store, 30, canary="5")

    await run_mailout(make_worker(store, settings, clock), mailout_id)

    mailout = store.get_mailout(mailout_id)
    assert (mailout.state, mailout.paused_reason) == (MailoutState.PAUSED, "canary wave done")
    assert len(smtp_sink.messages) == 5
    assert counts(store, mailout_id) == {"sent": 5, "queued": 25}

    assert store.resume(mailout_id)
    await run_mailout(make_worker(store, settings, clock), mailout_id)

    assert len(set(smtp_sink.recipients())) == 30
    assert store.get_mailout(mailout_id).state is MailoutState.DONE


async def test_canary_wait_resumes_by_itself_on_the_injected_clock(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    mailout_id = sending_mailout(store, 20, canary="10%", canary_wait=900.0)
    started = clock.now()

    await run_mailout(
        make_worker(store, settings_for(database_url, smtp_sink.url), clock), mailout_id
    )

    assert store.get_mailout(mailout_id).state is MailoutState.DONE
    assert len(smtp_sink.messages) == 20
    last_canary = max(e.sent_at for e in store.iter_ledger(mailout_id) if e.wave == 0 and e.sent_at)
    first_rest = min(e.sent_at for e in store.iter_ledger(mailout_id) if e.wave == 1 and e.sent_at)
    assert (first_rest - last_canary).total_seconds() >= 900
    assert (clock.now() - started).total_seconds() >= 900


async def test_a_stop_during_the_canary_wait_means_the_rest_never_go(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    settings = settings_for(database_url, smtp_sink.url)
    mailout_id = sending_mailout(store, 20, canary="4", canary_wait=60.0)
    worker = make_worker(store, settings, clock)
    await worker.run(mailout_id=mailout_id, once=True)  # the canary, then it pauses
    await worker.transport.close()
    assert store.get_mailout(mailout_id).state is MailoutState.PAUSED

    stop_mailouts(store, [mailout_id])
    clock.advance(120)
    await run_mailout(make_worker(store, settings, clock), mailout_id)

    assert store.get_mailout(mailout_id).state is MailoutState.HALTED
    assert counts(store, mailout_id) == {"sent": 4, "halted": 16}
    assert len(smtp_sink.messages) == 4


async def test_waves_follow_the_plan(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    mailout_id = sending_mailout(store, 40, waves="10%,50%,rest")
    waves = [e.wave for e in store.iter_ledger(mailout_id)]
    assert [waves.count(w) for w in (0, 1, 2)] == [4, 20, 16]
    settings = settings_for(database_url, smtp_sink.url)

    for expected in (4, 24):
        await run_mailout(make_worker(store, settings, clock), mailout_id)
        assert store.delivery_counts(mailout_id)[DeliveryState.SENT] == expected
        store.resume(mailout_id)
    await run_mailout(make_worker(store, settings, clock), mailout_id)
    assert store.get_mailout(mailout_id).state is MailoutState.DONE


async def test_rate_limit_spaces_messages_on_the_injected_clock(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    mailout_id = sending_mailout(store, 20, rate=5.0, connections=1)

    await run_mailout(
        make_worker(store, settings_for(database_url, smtp_sink.url), clock), mailout_id
    )

    times = sorted(e.sent_at for e in store.iter_ledger(mailout_id) if e.sent_at)
    assert len(times) == 20
    assert (times[-1] - times[0]).total_seconds() == pytest.approx(19 / 5)
    for i in range(len(times) - 5):
        assert (times[i + 5] - times[i]).total_seconds() >= 1.0  # never 6 in one second


def test_wave_plans_are_checked_and_sized() -> None:
    assert plan_waves("50", ["10%"]) == ("50", "10%", "rest")
    assert wave_sizes(("1%", "rest"), 1000) == [10, None]
    assert wave_sizes(("1%", "rest"), 7) == [1, None]
    with pytest.raises(InputError, match=r"^canary: "):
        plan_waves("a few", [])
    with pytest.raises(InputError, match="only be the last"):
        plan_waves(None, ["rest", "10%"])
