"""The rate and hourly limits belong to the mailout: every worker's throttle shares them."""

from __future__ import annotations

import pytest
from tests.fixtures.clock import FakeClock
from tests.pipeline.test_deliver_support import fake_sleep, sending_mailout

from mailbrake.pipeline.deliver.throttle import Throttle
from mailbrake.store import Store
from mailbrake.store.slots import SlotGrant


def throttle_for(
    store: Store, clock: FakeClock, mailout_id: int, rate: float | None, hourly: int | None
) -> Throttle:
    """One worker's throttle, reserving from the store as a worker does."""

    async def reserve(want: int) -> SlotGrant:
        return store.reserve_slots(mailout_id, want, rate, hourly)

    return Throttle(clock, fake_sleep(clock), reserve, rate=rate, hourly=hourly)


async def test_two_workers_share_one_rate_instead_of_each_having_it(
    store: Store, clock: FakeClock
) -> None:
    mailout_id = sending_mailout(store, 1)
    first = throttle_for(store, clock, mailout_id, 5.0, None)
    second = throttle_for(store, clock, mailout_id, 5.0, None)
    start = clock.monotonic()

    for _ in range(5):
        await first.acquire()
        await second.acquire()

    # Ten slots at 5/s are 1.8 s apart end to end, whoever takes them; each worker alone
    # at 5/s would have taken its five in 0.8 s.
    assert clock.monotonic() - start == pytest.approx(9 / 5)


async def test_the_hourly_limit_is_shared_and_holds_the_next_message_for_an_hour(
    store: Store, clock: FakeClock
) -> None:
    mailout_id = sending_mailout(store, 1)
    first = throttle_for(store, clock, mailout_id, None, 3)
    second = throttle_for(store, clock, mailout_id, None, 3)
    for _ in range(3):
        await first.acquire()
    start = clock.monotonic()

    await second.acquire()

    assert clock.monotonic() - start == pytest.approx(3600)


def test_slots_lost_with_a_dead_worker_are_not_handed_out_again(
    store: Store, clock: FakeClock
) -> None:
    mailout_id = sending_mailout(store, 1)
    dead = store.reserve_slots(mailout_id, 10, 10.0, None)

    replacement = store.reserve_slots(mailout_id, 1, 10.0, None)

    assert replacement.first == dead.times()[-1] + (dead.times()[1] - dead.times()[0])
