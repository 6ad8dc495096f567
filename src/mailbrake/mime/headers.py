"""Header values that are safe to send: no line breaks, RFC 2047 where needed, folded to 78."""

from __future__ import annotations

import re
from base64 import b64encode
from email.utils import getaddresses

from mailbrake.errors import InputError, InputProblem

LINE_BREAK = "contains a line break (CR/LF); headers cannot span lines"
LINE_BREAK_HINT = "Remove the line break from the template or the list data and try again."
ADDRESS_HINT = "Correct the address in the list (or the mailout's from address) and try again."
MAX_LINE = 78
# Encoded-word sizes keep each line within RFC 2047's 76 characters: 39 UTF-8 bytes make 52
# base64 characters after "Subject: "; 42 make 56 after "From: ". A display name that fits in
# one word is read the same by every parser (Python's joins adjacent words with a space).
_SUBJECT_WORD_BYTES = 39
_NAME_WORD_BYTES = 42
# A plain name longer than this is encoded, so that it can be folded.
_MAX_PHRASE = 900
# Regular expressions, because these run for every recipient and a C scan beats a Python loop.
_LINE_BREAKS = re.compile("[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_NOT_PLAIN = re.compile(r"[^\x20-\x7e]|=\?|^ | $")
_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]*")
# Local part: printable ASCII but for space and the specials that would end or split an
# address, at most 64 characters (RFC 5321); domain: a host name.
_LOCAL_PART = r"[!#-'*+\-./0-9=?A-Z^-~]{1,64}"
_DOMAIN = r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"{_LOCAL_PART}@{_DOMAIN}")


def _problem(where: str, reason: str, field: str = "", hint: str = "") -> InputError:
    return InputError([InputProblem(where=where, reason=reason, field=field)], hint=hint)


def check_no_line_break(value: str, where: str, field: str = "") -> None:
    """Refuse a header value that would end the header early (header injection).

    Besides CR and LF this refuses what str.splitlines() breaks at (VT, FF, NEL, U+2028...):
    the email package treats those as line ends too.
    """
    if _LINE_BREAKS.search(value) is not None:
        raise _problem(where, LINE_BREAK, field, LINE_BREAK_HINT)


def unencodable_error(where: str) -> InputError:
    """For text Python holds but UTF-8 cannot carry (unpaired surrogates from a bad decode)."""
    reason = "has text that cannot be encoded as UTF-8 (unpaired surrogate characters)"
    return _problem(where, reason, hint="Re-import the list data as UTF-8 and try again.")


def clean_subject(subject: str) -> str:
    """The subject as it goes out: no line breaks, no surrounding blanks (parsers drop them)."""
    check_no_line_break(subject, "subject")
    return subject.strip()


def clean_name(name: str, where: str, field: str = "name") -> str:
    """A display name with its whitespace collapsed: names are shown, never compared byte-wise."""
    check_no_line_break(name, where, field)
    return " ".join(name.split())


def check_address(address: str, where: str, field: str = "email") -> str:
    """Refuse anything but a plain ASCII local@domain; it goes into the envelope as well."""
    if _ADDRESS.fullmatch(address) is not None:
        return address
    check_no_line_break(address, where, field)
    if not address.isascii():
        reason = f"'{address}' has non-ASCII characters; use its ASCII (punycode) form"
        raise _problem(where, reason, field, ADDRESS_HINT)
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        raise _problem(where, f"'{address}' is not an email address", field, ADDRESS_HINT)
    reason = f"'{address}' is not a plain local@domain address (see RFC 5321)"
    raise _problem(where, reason, field, ADDRESS_HINT)


def parse_from(from_addr: str) -> tuple[str, str]:
    """Split 'Name <addr>' (or a bare address) into a clean display name and address."""
    check_no_line_break(from_addr, "from address")
    found = getaddresses([from_addr])
    if len(found) != 1:
        reason = f"'{from_addr}' must be exactly one address, like 'Newsroom <news@example.org>'"
        raise _problem("from address", reason, hint=ADDRESS_HINT)
    name, address = found[0]
    return clean_name(name, "from address"), check_address(address, "from address", "")


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].lower()


def is_plain(value: str) -> bool:
    """Printable ASCII that no parser would read as an encoded word or trim: safe as it is."""
    return _NOT_PLAIN.search(value) is None


def encoded_words(value: str, max_bytes: int = _SUBJECT_WORD_BYTES) -> list[str]:
    """RFC 2047 'B' encoded words, each a whole number of UTF-8 characters, short enough to fold."""
    data = value.encode()
    words: list[str] = []
    start = 0
    while start < len(data):
        end = min(start + max_bytes, len(data))
        while end < len(data) and 0x80 <= data[end] < 0xC0:  # never split a character
            end -= 1
        words.append(f"=?utf-8?b?{b64encode(data[start:end]).decode()}?=")
        start = end
    return words


def fold_words(prefix: str, words: list[str]) -> str:
    """Words after `prefix`, space-separated, starting a new line before one that would not fit.

    Whitespace between two encoded words is not part of the value (RFC 2047 section 6.2), so
    this both folds encoded words and puts an address after a name.
    """
    first = words[0]
    if len(prefix) + len(first) > MAX_LINE:
        text, width = f"{prefix.rstrip()}\r\n {first}", 1 + len(first)
    else:
        text, width = f"{prefix}{first}", len(prefix) + len(first)
    for word in words[1:]:
        if width + 1 + len(word) > MAX_LINE:
            text, width = f"{text}\r\n {word}", 1 + len(word)
            continue
        text, width = f"{text} {word}", width + 1 + len(word)
    return text


def unstructured_header(name: str, value: str) -> bytes:
    """`Name: value` and CRLF, folded at spaces when plain, else as encoded words."""
    prefix = f"{name}: "
    if not value:
        return f"{prefix}\r\n".encode()
    if is_plain(value):
        folded = _fold_plain(prefix, value)
        if folded is not None:
            return f"{folded}\r\n".encode()
    return f"{fold_words(prefix, encoded_words(value))}\r\n".encode()


def _fold_plain(prefix: str, value: str) -> str | None:
    """Fold before spaces, keeping every space; None if a word cannot fit in a line."""
    if len(prefix) + len(value) <= MAX_LINE:
        return f"{prefix}{value}"
    pieces = value.split(" ")
    lines = [f"{prefix}{pieces[0]}"]
    for piece in pieces[1:]:
        # Only break before a word, so no continuation line is blank.
        if piece and len(lines[-1]) + 1 + len(piece) > MAX_LINE:
            lines.append(f" {piece}")
            continue
        lines[-1] += f" {piece}"
    if any(len(line) > MAX_LINE for line in lines):
        return None
    return "\r\n".join(lines)


def address_header(name: str, display: str, address: str) -> bytes:
    """`Name: Display <addr>` and CRLF; `display` must already be clean (see clean_name)."""
    prefix = f"{name}: "
    if not display:
        return f"{prefix}{address}\r\n".encode()
    phrase = _phrase(display)
    if phrase is not None and len(phrase) <= _MAX_PHRASE:
        words = [phrase]
    else:
        words = encoded_words(display, _NAME_WORD_BYTES)
    return f"{fold_words(prefix, [*words, f'<{address}>'])}\r\n".encode()


def _phrase(display: str) -> str | None:
    """The name as an atom phrase or a quoted string; None when it needs encoded words."""
    if not is_plain(display):
        return None
    if _ATOM.fullmatch(display) is not None:
        return display
    escaped = display.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
