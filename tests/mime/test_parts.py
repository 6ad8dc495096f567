"""Body parts: quoted-printable that decodes to the text, and attachments typed correctly."""

from __future__ import annotations

import binascii

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailbrake.errors import InputError
from mailbrake.mime.parts import TextEncoder, attachment_type, encode_text
from mailbrake.models import Attachment
from tests.mime.wire import body_lines, lines_of


@given(st.text())
def test_encoded_text_decodes_to_the_text_with_crlf_line_ends(text: str) -> None:
    encoded = encode_text(text)
    assert binascii.a2b_qp(encoded).decode() == body_lines(text)


@given(st.text())
def test_encoded_text_is_7bit_with_short_crlf_lines(text: str) -> None:
    encoded = encode_text(text)
    assert encoded.isascii()
    assert all(len(line) <= 76 for line in lines_of(encoded))


@given(st.lists(st.text(st.sampled_from("ab .=\t\r\né山-"), max_size=200), max_size=6))
def test_line_cache_gives_the_same_bytes_as_encoding_the_whole_body(texts: list[str]) -> None:
    encoder = TextEncoder(max_bytes=200)  # small, so the full-cache path runs too
    for text in texts:
        assert encoder.encode(text) == encode_text(text)


def test_lone_dot_line_is_encoded_so_no_transport_can_end_the_message_early() -> None:
    assert encode_text("a\n.\nb") == b"a\r\n=2E\r\nb\r\n"


def test_line_longer_than_998_is_soft_wrapped() -> None:
    encoded = encode_text("x" * 5000)
    assert max(len(line) for line in lines_of(encoded)) <= 76
    assert binascii.a2b_qp(encoded) == b"x" * 5000 + b"\r\n"


@pytest.mark.parametrize(
    ("filename", "stored", "expected"),
    [
        ("a.pdf", "application/pdf", ("application", "pdf")),
        ("a.pdf", "", ("application", "pdf")),
        ("people.csv", "", ("text", "csv")),
        ("notes.txt", "Text/Plain; charset=utf-8", ("text", "plain")),
        ("mystery", "", ("application", "octet-stream")),
        ("forward.eml", "message/rfc822", ("application", "octet-stream")),
    ],
)
def test_attachment_type_uses_the_stored_type_else_guesses_from_the_name(
    filename: str, stored: str, expected: tuple[str, str]
) -> None:
    assert attachment_type(Attachment(filename, stored, b"")) == expected


def test_malformed_attachment_type_is_an_input_error_naming_the_file() -> None:
    with pytest.raises(InputError) as caught:
        attachment_type(Attachment("a.pdf", "pdf", b""))
    assert caught.value.problems[0].where == "attachment 'a.pdf'"
    assert caught.value.problems[0].field == "content_type"


def test_attachment_name_with_a_line_break_is_rejected() -> None:
    with pytest.raises(InputError, match="line break"):
        attachment_type(Attachment("a\r\nBcc: x.pdf", "application/pdf", b""))
