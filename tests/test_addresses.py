"""Address checks: the fast path agrees with email-validator's full check."""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError, validate_email

from mailbrake.addresses import AddressError, normalise_address

SAMPLES = [
    "Ann.Lee@Example.ORG",
    "a..b@x.com",
    "a.@x.com",
    ".a@x.com",
    "a@x",
    "a@-x.com",
    "a@x-.com",
    "a@localhost",
    "a@x.test",
    "a@x.invalid",
    "a b@x.com",
    "a,b@x.com",
    "a@x..com",
    "a@b.c",
    "a@x.com.",
    "x" * 64 + "@a.com",
    "a@" + "b" * 250 + ".com",
    "zoë@ex.de",
    "josé@ex.es",
    "a@bücher.de",
    "a+tag@x.co.uk",
    "o'brien@x.ie",
    "",
    "@x.com",
    "a@",
]


def full(address: str) -> str | None:
    try:
        return str(validate_email(address, check_deliverability=False).normalized).lower()
    except EmailNotValidError:
        return None


def fast(address: str) -> str | None:
    try:
        return normalise_address(address)
    except AddressError:
        return None


@pytest.mark.parametrize("address", SAMPLES)
def test_fast_path_accepts_and_normalises_exactly_like_email_validator(address: str) -> None:
    assert fast(address) == full(address)


def test_rejection_says_why() -> None:
    with pytest.raises(AddressError, match="two periods"):
        normalise_address("a..b@x.com")


def test_surrounding_spaces_are_ignored() -> None:
    assert normalise_address("  A@X.org ") == "a@x.org"
