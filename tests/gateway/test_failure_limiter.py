"""The failed-login limiter counts per address in its window and forgets what has expired."""

from __future__ import annotations

from mailbrake.gateway.auth import FailureLimiter
from tests.fixtures.clock import FakeClock


def test_an_address_is_blocked_after_its_failures_and_free_once_they_expire() -> None:
    clock = FakeClock()
    limiter = FailureLimiter(clock, max_failures=3, window=60)
    for _ in range(3):
        assert not limiter.is_blocked("198.51.100.7")
        limiter.failed("198.51.100.7")
    assert limiter.is_blocked("198.51.100.7")
    assert not limiter.is_blocked("198.51.100.8")
    clock.advance(61)
    assert not limiter.is_blocked("198.51.100.7")


def test_checking_an_address_never_adds_it() -> None:
    limiter = FailureLimiter(FakeClock())
    for n in range(5000):
        limiter.is_blocked(f"10.0.{n // 256}.{n % 256}")
    assert limiter.tracked() == 0


def test_addresses_whose_failures_expired_are_dropped() -> None:
    clock = FakeClock()
    limiter = FailureLimiter(clock, window=60, sweep_at=100)
    for n in range(5000):
        limiter.failed(f"10.1.{n // 256}.{n % 256}")
        if n % 50 == 49:
            clock.advance(61)  # every 50 addresses, the earlier ones' failures expire
    assert limiter.tracked() <= 200
    limiter.failed("203.0.113.9")
    assert limiter.tracked() <= 200


def test_a_sweep_keeps_addresses_still_inside_the_window() -> None:
    clock = FakeClock()
    limiter = FailureLimiter(clock, max_failures=2, window=60, sweep_at=10)
    limiter.failed("192.0.2.1")
    limiter.failed("192.0.2.1")
    for n in range(50):
        limiter.failed(f"10.2.0.{n}")
    assert limiter.is_blocked("192.0.2.1")
