"""MAILBRAKE_SMTP_URL parsing: schemes, default ports, logins, and errors that hide passwords."""

from __future__ import annotations

import pytest

from mailbrake.errors import SettingsError
from mailbrake.transport.url import Security, mask_password, parse_smtp_url


@pytest.mark.parametrize(
    ("url", "security", "port"),
    [
        ("smtp://relay.example.org", Security.PLAIN, 25),
        ("smtp+starttls://relay.example.org", Security.STARTTLS, 587),
        ("smtps://relay.example.org", Security.TLS, 465),
        ("smtp://relay.example.org:2525", Security.PLAIN, 2525),
        ("SMTPS://relay.example.org:4650/", Security.TLS, 4650),
    ],
)
def test_scheme_picks_security_and_default_port(url: str, security: Security, port: int) -> None:
    parsed = parse_smtp_url(url)
    assert (parsed.security, parsed.host, parsed.port) == (security, "relay.example.org", port)
    assert parsed.username is None
    assert parsed.password is None


def test_user_and_password_are_percent_decoded() -> None:
    parsed = parse_smtp_url("smtp+starttls://me%40corp.example:p%40ss%3Aw%2Fd@relay:587")
    assert parsed.username == "me@corp.example"
    assert parsed.password == "p@ss:w/d"
    assert parsed.has_login


def test_masked_url_and_repr_never_show_the_password() -> None:
    parsed = parse_smtp_url("smtp://alice:hunter2@relay.example.org:25")
    assert parsed.masked() == "smtp://alice:***@relay.example.org:25"
    assert "hunter2" not in repr(parsed)


def test_ipv6_host_is_bracketed_in_the_address() -> None:
    assert parse_smtp_url("smtp://[::1]:2525").address == "[::1]:2525"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://alice:hunter2@relay:25", "scheme must be one of"),
        ("smtp://alice:hunter2@relay:notaport", "port is not a number"),
        ("smtp://alice:hunter2@relay:70000", "port is not a number"),
        ("smtp://alice:hunter2@relay:0", "port is not a number"),
        ("smtp://alice:hunter2@:25", "needs a host"),
        ("smtp://alice:hunter2@relay:25/path", "must not have a path"),
        ("smtp://:hunter2@relay:25", "needs a user name"),
    ],
)
def test_bad_url_names_the_setting_and_masks_the_password(url: str, reason: str) -> None:
    with pytest.raises(SettingsError) as info:
        parse_smtp_url(url)
    message = str(info.value)
    assert "MAILBRAKE_SMTP_URL" in message
    assert reason in message
    assert "hunter2" not in message
    assert "***" in message


def test_mask_password_handles_urls_without_login() -> None:
    assert mask_password("smtp://relay:25") == "smtp://relay:25"
    assert mask_password("smtp://bob@relay:25") == "smtp://bob@relay:25"
    assert mask_password("smtp://bob:x@y@relay:25") == "smtp://bob:***@relay:25"
