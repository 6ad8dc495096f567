"""Reading a built message back with the email package, to compare what the two paths send."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any

ADDRESS_HEADERS = ("from", "to")


@dataclass(frozen=True)
class PartView:
    content_type: str
    params: tuple[tuple[str, str], ...]
    encoding: str
    disposition: str | None
    filename: str | None
    content: Any


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def header_view(message: EmailMessage) -> list[tuple[str, Any]]:
    """Top-level headers in order, decoded; addresses as (name, address), no boundaries."""
    view: list[tuple[str, Any]] = []
    for (name, value), (_, raw) in zip(message.items(), message.raw_items(), strict=True):
        key = name.lower()
        if key in ADDRESS_HEADERS:
            view.append((key, decode_addresses(raw)))
        elif key == "content-type":
            view.append((key, message.get_content_type()))
        else:
            view.append((key, str(value)))
    return view


def decode_addresses(raw: str) -> list[tuple[str, str]]:
    """(display name, address) pairs decoded as RFC 2047 says.

    Python's header parser puts a space between adjacent encoded words in a display name,
    which RFC 2047 section 6.2 says to drop; the legacy decode_header gets it right.
    """
    unfolded = raw.replace("\r\n", "").replace("\n", "")
    return [
        (str(make_header(decode_header(name))), address)
        for name, address in getaddresses([unfolded])
    ]


def part_views(message: EmailMessage) -> list[PartView]:
    """Every part, depth first: type, parameters but the boundary, and decoded content."""
    views = []
    for part in message.walk():
        assert isinstance(part, EmailMessage)
        params = (
            tuple((k, str(v)) for k, v in part["content-type"].params.items() if k != "boundary")
            if part["content-type"] is not None
            else ()
        )
        content: Any = None
        if part.get_content_disposition() == "attachment":
            content = part.get_payload(decode=True)  # the exact bytes, whatever the type
        elif not part.is_multipart():
            content = part.get_content()
        views.append(
            PartView(
                part.get_content_type(),
                params,
                str(part.get("content-transfer-encoding", "")),
                part.get_content_disposition(),
                part.get_filename(),
                content,
            )
        )
    return views


def lines_of(data: bytes) -> list[bytes]:
    """The message's lines; asserts every line ends in CRLF and no CR or LF stands alone."""
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert all(b"\r" not in line and b"\n" not in line for line in lines)
    return lines


def assert_wire_ready(data: bytes) -> None:
    """CRLF only, 7-bit, and no line longer than SMTP's 998 characters."""
    assert data.isascii()
    assert all(len(line) <= 998 for line in lines_of(data))


def body_lines(text: str) -> str:
    """What a text body decodes to: CRLF line ends and a final line end, as both paths send it."""
    lines = text.encode().splitlines()
    return (b"\r\n".join(lines) + b"\r\n").decode()
