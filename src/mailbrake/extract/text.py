"""Bytes to text and plain text to segments, with quoted reply chains set apart."""

from __future__ import annotations

import codecs
import re

from mailbrake.extract.limits import Extraction, ExtractLimits, Unscannable
from mailbrake.models import Location, TextSegment

# Declared charsets that are wrong so often that UTF-8 is tried first.
_ASCII_LIKE = frozenset({"", "us-ascii", "ascii", "ansi_x3.4-1968", "unknown-8bit", "x-unknown"})

# An attribution line ("On Mon, 3 Jun 2024, Jane <j@x.org> wrote:"), possibly wrapped once,
# in English, German, French, Spanish, Dutch and Italian.
_ATTRIBUTION = (
    r"^[ \t]*(?:On|Am|Le|El|Op|Il)\b[^\n]{0,300}(?:\r?\n[^\n>]{0,120})?"
    r"(?:wrote|schrieb|a\s+écrit|escribió|schreef|ha\s+scritto)[ \t]*:[ \t]*\r?$"
)
_QUOTED_LINES = r"(?:^[ \t]*>[^\n]*(?:\n|\Z))+"
# Runs of ">" lines, with the attribution line that introduces them when there is one.
_QUOTE_BLOCK = re.compile(rf"(?:{_ATTRIBUTION}\n(?:[ \t]*\r?\n)?)?{_QUOTED_LINES}", re.MULTILINE)
# Outlook-style separators: everything after them is the earlier message.
_ORIGINAL = re.compile(
    r"^[ \t]*(?:-{3,}[ \t]*(?:Original Message|Ursprüngliche Nachricht|Message d'origine"
    r"|Mensaje original|Oorspronkelijk bericht)[ \t]*-{3,}"
    r"|_{10,}[ \t]*\r?\n[ \t]*(?:From|Von|De|Van):[^\n]*)",
    re.MULTILINE | re.IGNORECASE,
)
# Above this size an alternative version is kept whole: comparing it line by line would be slow.
_DEDUPE_MAX_CHARS = 200_000
_QUOTE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode text whose declared charset may be missing, wrong or unknown; never raises."""
    name = (charset or "").strip().strip("\"'").lower()
    if name in _ASCII_LIKE:
        name = "utf-8"
    try:
        codecs.lookup(name)
    except LookupError:
        name = "utf-8"
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        pass
    if name != "utf-8":
        return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Undeclared 8-bit text is most often Windows-1252; cp1252 leaves few bytes undefined.
        return data.decode("cp1252", errors="replace")


def cap_text(text: str, location: Location, limits: ExtractLimits) -> Extraction | str:
    """The text if it is within the limit, else an Extraction with the scanned head and why."""
    if len(text) <= limits.max_text_chars:
        return text
    head = text[: limits.max_text_chars]
    reason = (
        f"too much text ({len(text):,} characters > {limits.max_text_chars:,}); rest not scanned"
    )
    return Extraction(segments_of(head, location), (Unscannable(location, reason),))


def text_extraction(text: str, location: Location, limits: ExtractLimits) -> Extraction:
    """Segments for a plain text body or file, capped at the text limit."""
    capped = cap_text(text.replace("\r\n", "\n"), location, limits)
    if isinstance(capped, Extraction):
        return capped
    return Extraction(segments_of(capped, location))


def segments_of(text: str, location: Location) -> tuple[TextSegment, ...]:
    """Split text into fresh and quoted segments (reply chains are quoted=True)."""
    fresh_end = len(text)
    tail: list[TextSegment] = []
    # The substring tests skip the regex scans for the many messages that quote nothing.
    original = _ORIGINAL.search(text) if "---" in text or "___" in text else None
    if original is not None:
        fresh_end = original.start()
        tail.append(TextSegment(location, _unquote(text[fresh_end:]), quoted=True))
    out: list[TextSegment] = []
    pos = 0
    blocks = _QUOTE_BLOCK.finditer(text, 0, fresh_end) if ">" in text else ()
    for block in blocks:
        _add(out, location, text[pos : block.start()], quoted=False)
        _add(out, location, _unquote(block.group()), quoted=True)
        pos = block.end()
    _add(out, location, text[pos:fresh_end], quoted=False)
    return tuple(out + tail)


def _add(out: list[TextSegment], location: Location, text: str, *, quoted: bool) -> None:
    if text.strip():
        out.append(TextSegment(location, text, quoted=quoted))


def _unquote(text: str) -> str:
    return _QUOTE_PREFIX.sub("", text)


def novel_segments(
    primary: tuple[TextSegment, ...], alternative: tuple[TextSegment, ...]
) -> tuple[TextSegment, ...]:
    """The lines of `alternative` whose words `primary` does not already contain.

    Plain and HTML versions of one message repeat each other; reading both would count every
    finding twice. What only the HTML says (a hidden line, an extra table) is still read.
    """
    seen = " ".join(" ".join(s.text.split()) for s in primary)
    if len(seen) > _DEDUPE_MAX_CHARS:
        return alternative
    out = []
    for segment in alternative:
        lines = [line for line in segment.text.split("\n") if " ".join(line.split()) not in seen]
        text = "\n".join(line for line in lines if line.strip())
        if text:
            out.append(TextSegment(segment.location, text, segment.quoted))
    return tuple(out)
