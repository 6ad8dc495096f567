"""E-mail address syntax checks with email-validator (no DNS), fast for million-row imports."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email
from email_validator.syntax import validate_email_domain_name, validate_email_local_part

# RFC 5321 path limit less the angle brackets, as email-validator applies it.
MAX_ADDRESS_LENGTH = 254
MAX_LOCAL_LENGTH = 64


class AddressError(ValueError):
    """An address that is not valid; the message says why."""


@lru_cache(maxsize=100_000)
def _normalised_domain(domain: str) -> str:
    # Domain checks (IDNA, special-use names) dominate the cost; lists repeat domains a lot.
    try:
        result = validate_email_domain_name(domain, test_environment=False)
    except EmailNotValidError as exc:
        raise AddressError(str(exc)) from None
    return str(result["domain"])


def _is_plain(address: str) -> bool:
    return address.count("@") == 1 and '"' not in address


def normalise_address(raw: str) -> str:
    """Return the address in the form mailbrake stores (lower-case), or raise AddressError.

    Addresses without quoting take a fast path through the same email-validator checks, with the
    domain check cached; anything unusual (quoted local parts, Unicode) takes the full one.
    """
    address = raw.strip()
    if not address:
        raise AddressError("the address is empty")
    if not _is_plain(address):
        return _full_check(address)
    local, domain = address.rsplit("@", 1)
    local = unicodedata.normalize("NFC", local)
    if len(local) > MAX_LOCAL_LENGTH:
        return _full_check(address)  # let email-validator word the error
    try:
        validate_email_local_part(local, allow_smtputf8=True, allow_empty_local=False)
        ascii_domain = _normalised_domain(domain)
    except EmailNotValidError as exc:
        raise AddressError(str(exc)) from None
    normalised = f"{local}@{ascii_domain}".lower()
    if len(normalised) > MAX_ADDRESS_LENGTH:
        raise AddressError(f"The email address is too long ({len(normalised)} characters).")
    return normalised


def _full_check(address: str) -> str:
    try:
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        raise AddressError(str(exc)) from None
    return str(result.normalized).lower()


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower()
