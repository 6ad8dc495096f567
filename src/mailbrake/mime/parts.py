"""MIME body parts both paths agree on: text bodies in quoted-printable, attachments in base64."""

from __future__ import annotations

import binascii
import mimetypes
import re
from email.message import MIMEPart
from email.policy import Policy

from mailbrake.errors import InputError, InputProblem
from mailbrake.mime.headers import check_no_line_break
from mailbrake.models import Attachment

# Quoted-printable keeps every line under 78 characters and the message 7-bit clean, so no relay
# has to convert it (8BITMIME is not universal) and lines longer than 998 cannot happen.
TEXT_ENCODING = "quoted-printable"
FALLBACK_TYPE = "application/octet-stream"
_TOKEN = r"[A-Za-z0-9!#$&^_.+-]+"
_CONTENT_TYPE = re.compile(rf"({_TOKEN})/({_TOKEN})")


def text_part_header(subtype: str) -> bytes:
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        f"Content-Transfer-Encoding: {TEXT_ENCODING}\r\n"
    ).encode()


def encode_text(text: str) -> bytes:
    """A body as quoted-printable UTF-8 with CRLF line ends and a final line end.

    Lines are split the way the email package splits them (CR, LF or CRLF), so both paths
    carry the same text.
    """
    data = text.encode()
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if not data.endswith(b"\n"):
        data += b"\n"
    # b2a_qp writes CRLF line ends when the first line end it sees is CRLF.
    return binascii.b2a_qp(data.replace(b"\n", b"\r\n"), istext=True)


class TextEncoder:
    """`encode_text` for many recipients: remembers encoded lines, since most lines repeat.

    Quoted-printable starts afresh at every line end, so a body's encoding is the encodings
    of its lines joined; only the lines that hold a recipient's own fields need encoding.
    """

    def __init__(self, max_bytes: int = 4 << 20) -> None:
        self._lines: dict[bytes, bytes] = {}
        self._room = max_bytes

    def encode(self, text: str) -> bytes:
        data = text.encode()
        if b"\r" in data:
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = data.split(b"\n")
        if len(lines) > 1 and not lines[-1]:
            lines.pop()  # the text's own final line end
        get = self._lines.get
        return b"".join([get(line) or self._encode_line(line) for line in lines])

    def _encode_line(self, line: bytes) -> bytes:
        encoded = binascii.b2a_qp(line + b"\r\n", istext=True)
        # Bounded: lines with a recipient's name in them would otherwise grow it forever.
        size = len(line) + len(encoded)
        if size <= self._room:
            self._lines[line] = encoded
            self._room -= size
        return encoded


def attachment_type(attachment: Attachment) -> tuple[str, str]:
    """(maintype, subtype) from the stored type, else guessed from the file name."""
    check_no_line_break(attachment.filename, f"attachment {attachment.filename!r}", "filename")
    stored = attachment.content_type.strip().split(";")[0].strip().lower()
    if not stored:
        stored = mimetypes.guess_type(attachment.filename, strict=False)[0] or FALLBACK_TYPE
    match = _CONTENT_TYPE.fullmatch(stored)
    if match is None:
        problem = InputProblem(
            where=f"attachment {attachment.filename!r}",
            reason=f"content type {attachment.content_type!r} is not of the form type/subtype",
            field="content_type",
        )
        raise InputError([problem], hint="Attach the file again or give its type, e.g. text/csv.")
    maintype, subtype = match.groups()
    if maintype in ("multipart", "message"):
        # Those would be parsed as structure by the reader, not shown as a file.
        return "application", "octet-stream"
    return maintype, subtype


def attachment_part(attachment: Attachment, policy: Policy) -> MIMEPart:
    """The attachment as a base64 part with an RFC 2231 file name where it is not ASCII."""
    maintype, subtype = attachment_type(attachment)
    part = MIMEPart(policy=policy)
    part.set_content(
        attachment.data,
        maintype=maintype,
        subtype=subtype,
        disposition="attachment",
        filename=attachment.filename or "attachment",
        cte="base64",
    )
    return part
