"""A lean MIME splitter: only the headers the check needs, bodies split by boundary in C."""

from __future__ import annotations

import binascii
import email.header
import re
from dataclasses import dataclass, field
from email.message import Message

from mailbrake.extract.text import decode_bytes

# The stdlib parser reads line by line in Python; mail is split here with a few regex calls.
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_WANTED = re.compile(
    rb"^(content-type|content-transfer-encoding|content-disposition|subject)[ \t]*:"
    rb"[ \t]*(.*(?:\r?\n[ \t].*)*)",
    re.MULTILINE | re.IGNORECASE,
)
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_PARAM = re.compile(
    r';\s*([^\s=;"]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)',
)
_RFC2231 = re.compile(r"\*(?:\d+\*?)?$|\*$")
_MAX_PARTS = 1000  # a message with more parts than this is not a mailout anyone means to send
_MAX_NESTING = 50  # mail clients nest a handful of levels; hundreds is an attack on the parser


@dataclass(slots=True)
class Part:
    """One MIME entity: its type, parameters and either decoded bytes or child parts."""

    content_type: str = "text/plain"
    params: dict[str, str] = field(default_factory=dict)
    disposition: str = ""
    filename: str = ""
    subject: str = ""
    data: bytes = b""
    children: list[Part] = field(default_factory=list)
    problem: str = ""  # why the body could not be decoded, if it could not

    @property
    def charset(self) -> str | None:
        return self.params.get("charset")


def to_bytes(message: Message) -> bytes:
    """A parsed message back to bytes, so that one parser serves both kinds of input."""
    try:
        return message.as_bytes()
    except Exception:  # a policy that refuses to serialise: fall back to the raw string form
        return message.as_string().encode("utf-8", errors="surrogateescape")


def parse_part(raw: bytes) -> Part:
    """The part tree of a raw message or entity; never raises on malformed input."""
    return _parse(raw, [_MAX_PARTS], 0)


def _parse(raw: bytes, budget: list[int], level: int) -> Part:
    budget[0] -= 1  # shared by the whole tree: [parts still allowed]
    head, body = _split_head(raw)
    headers = _headers(head)
    part = Part()
    ctype_value = headers.get("content-type", "")
    ctype, part.params = _type_and_params(ctype_value)
    part.content_type = ctype or "text/plain"
    disposition, disp_params = _type_and_params(headers.get("content-disposition", ""))
    part.disposition = disposition
    part.filename = _filename(disp_params) or _filename(part.params)
    part.subject = decode_header_text(headers["subject"]) if "subject" in headers else ""
    if part.content_type.startswith("multipart/"):
        if budget[0] <= 0 or level >= _MAX_NESTING:
            part.problem = f"more than {_MAX_PARTS} MIME parts or {_MAX_NESTING} levels"
            return part
        chunks = _split_body(body, part.params.get("boundary", ""))
        part.children = [_parse(chunk, budget, level + 1) for chunk in chunks]
        if part.children:
            return part
        part.content_type = "text/plain"  # no usable boundary: read the body as text
    cte = headers.get("content-transfer-encoding", "").strip().lower()
    part.data, part.problem = _decode_body(body, cte)
    return part


def decode_header_text(value: str) -> str:
    """An RFC 2047 header as text; unknown charsets and broken encoded words never raise."""
    value = _FOLD.sub("", value).strip()
    if "=?" not in value:
        return value
    try:
        chunks = email.header.decode_header(value)
    except Exception:  # a malformed encoded word: show it as it came
        return value
    return "".join(
        decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk
        for chunk, charset in chunks
    )


def _split_head(raw: bytes) -> tuple[bytes, bytes]:
    if raw[:1] in (b"\n", b"\r"):  # no headers at all
        return b"", raw.lstrip(b"\r\n")
    end = _HEAD_END.search(raw)
    if end is None:
        return raw, b""
    return raw[: end.start()], raw[end.end() :]


def _headers(head: bytes) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in _WANTED.findall(head):
        key = name.decode("ascii").lower()
        if key not in found:  # the first one wins, as in the stdlib
            found[key] = decode_bytes(value, "utf-8")
    return found


def _type_and_params(value: str) -> tuple[str, dict[str, str]]:
    value = _FOLD.sub("", value)
    main, _, rest = value.partition(";")
    params: dict[str, str] = {}
    for key, raw in _PARAM.findall(f";{rest}"):
        text = raw.strip()
        if text.startswith('"'):
            text = text[1:-1] if text.endswith('"') and len(text) > 1 else text[1:]
            text = text.replace('\\"', '"').replace("\\\\", "\\")
        params.setdefault(key.lower(), text)
    return main.strip().lower(), params


def _filename(params: dict[str, str]) -> str:
    """filename/name, including RFC 2231 continuations and encoded words."""
    if any(_RFC2231.search(key) for key in params):
        probe = Message()
        probe["Content-Disposition"] = "attachment; " + "; ".join(
            f'{k}="{v}"' if "*" not in k else f"{k}={v}" for k, v in params.items()
        )
        name = probe.get_filename() or ""
    else:
        name = params.get("filename") or params.get("name") or ""
    return decode_header_text(name).replace("/", "_").strip() if name else ""


def _split_body(body: bytes, boundary: str) -> list[bytes]:
    """The entities between boundary lines; the preamble and epilogue are dropped."""
    if not boundary:
        return []
    marker = b"--" + boundary.encode("utf-8", "replace")
    pieces: list[bytes] = []
    start = -1
    found = body.find(marker)
    while found >= 0:
        after = found + len(marker)
        line_end = body.find(b"\n", after)
        line_end = len(body) if line_end < 0 else line_end
        rest = body[after:line_end].rstrip()
        at_line_start = found == 0 or body[found - 1] == 0x0A
        if at_line_start and rest in (b"", b"--"):
            if start >= 0:
                pieces.append(body[start : _line_break_start(body, found)])
            if rest == b"--":  # the closing delimiter
                return pieces
            start = line_end + 1
        found = body.find(marker, after)
    if start >= 0:
        pieces.append(body[start:])  # a missing closing delimiter: keep the last part
    return pieces


def _line_break_start(body: bytes, index: int) -> int:
    """Where the line break before a delimiter begins (it belongs to the delimiter)."""
    if body[max(index - 2, 0) : index] == b"\r\n":
        return index - 2
    return max(index - 1, 0)


def _decode_body(body: bytes, cte: str) -> tuple[bytes, str]:
    if cte == "base64":
        return _decode_base64(body)
    if cte == "quoted-printable":
        return binascii.a2b_qp(body), ""
    return body, ""


def _decode_base64(body: bytes) -> tuple[bytes, str]:
    try:
        return binascii.a2b_base64(body), ""
    except binascii.Error:
        pass
    # Truncated or badly padded: decode what is there and say so.
    cleaned = re.sub(rb"[^A-Za-z0-9+/]", b"", body)
    usable = cleaned[: len(cleaned) - len(cleaned) % 4]
    try:
        return binascii.a2b_base64(usable), "damaged base64 (partly decoded)"
    except binascii.Error:
        return b"", "damaged base64"
