"""Signed tokens: what was signed verifies; anything forged, altered or misused does not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailbrake.errors import MailbrakeError
from mailbrake.mime.tokens import TokenError, sign_token, verify_token

SECRET = b"k" * 32


def test_signed_token_verifies_to_its_payload() -> None:
    token = sign_token(SECRET, "unsubscribe", {"l": 7, "s": 12345})
    assert verify_token(SECRET, "unsubscribe", token) == {"l": 7, "s": 12345}


def test_token_is_url_safe_and_compact() -> None:
    token = sign_token(SECRET, "unsubscribe", {"l": 7, "s": 12345})
    assert len(token) < 80
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


@given(
    st.dictionaries(
        st.text(max_size=10),
        st.one_of(st.text(max_size=30), st.integers(min_value=-(2**63), max_value=2**63)),
        max_size=5,
    )
)
def test_any_payload_round_trips(payload: dict[str, str | int]) -> None:
    assert verify_token(SECRET, "confirm", sign_token(SECRET, "confirm", payload)) == payload


def test_token_for_another_purpose_is_refused() -> None:
    token = sign_token(SECRET, "unsubscribe", {"l": 7, "s": 1})
    with pytest.raises(TokenError, match="confirm link is not valid"):
        verify_token(SECRET, "confirm", token)


def test_token_signed_with_another_secret_is_refused() -> None:
    token = sign_token(b"other" * 8, "unsubscribe", {"l": 7, "s": 1})
    with pytest.raises(TokenError, match="signature does not match"):
        verify_token(SECRET, "unsubscribe", token)


def test_payload_swapped_under_a_valid_signature_is_refused() -> None:
    mine = sign_token(SECRET, "unsubscribe", {"l": 7, "s": 1})
    theirs = sign_token(SECRET, "unsubscribe", {"l": 7, "s": 2})
    forged = f"{theirs.split('.')[0]}.{mine.split('.')[1]}"
    with pytest.raises(TokenError):
        verify_token(SECRET, "unsubscribe", forged)


def test_every_single_character_change_is_refused() -> None:
    token = sign_token(SECRET, "unsubscribe", {"l": 7, "s": 1})
    for i, char in enumerate(token):
        if char == ".":
            continue
        altered = token[:i] + ("A" if char != "A" else "B") + token[i + 1 :]
        with pytest.raises(TokenError):
            verify_token(SECRET, "unsubscribe", altered)


@pytest.mark.parametrize("token", ["", ".", "abc", "abc.def", "a" * 5000, "ab.cd.ef", "é.é"])
def test_malformed_tokens_are_refused_with_a_user_facing_error(token: str) -> None:
    with pytest.raises(TokenError) as caught:
        verify_token(SECRET, "unsubscribe", token)
    assert isinstance(caught.value, MailbrakeError)
    assert "ask the sender for a new one" in str(caught.value)


def test_signing_refuses_values_that_would_not_round_trip() -> None:
    with pytest.raises(TypeError):
        sign_token(SECRET, "unsubscribe", {"ok": True})
    with pytest.raises(ValueError, match="non-empty secret"):
        sign_token(b"", "unsubscribe", {"s": 1})
    with pytest.raises(ValueError, match="purpose"):
        sign_token(SECRET, "Unsubscribe\0", {"s": 1})
