"""Redaction for incident reports: text taken from a mailout is masked as the check masks it.

Two layers, line by line. First, every value that looks like an identifier or a secret is
masked whether a detector confirmed it or not (long digit runs, IBAN-like codes, addresses,
tokens, assigned passwords, private keys, passwords in URLs). Then the detectors run again
over the masked line; a line on which they still find personal data, credentials or gossip
is withheld entirely (fail closed: a report may say less, never too much).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mailbrake.models import Category, Location, TextSegment
from mailbrake.rules import detect_rules
from mailbrake.rules.redact import SECRET_MASK, mask_identifier, mask_token

WITHHELD = frozenset({Category.PERSONAL_DATA, Category.CREDENTIALS, Category.GOSSIP})
MIN_DIGITS = 5

_PRIVATE_KEY = re.compile(
    r"-----BEGIN ([A-Z ]*PRIVATE KEY(?: BLOCK)?)-----.*?(?:-----END [A-Z ]*-----|\Z)", re.S
)
_URL_PASSWORD = re.compile(r"(://[^\s:/@'\"<>]{1,64}:)([^\s/@'\"<>]{1,128})(@)")
_ASSIGNED = re.compile(
    r"(?i)((?<![A-Za-z])(?:[A-Z0-9_]*_)?(?:pass(?:word|wd|code|phrase)?|pwd?|pin|secret|token"
    r"|api[ _-]?key|access[ _-]?key|private[ _-]?key|client[ _-]?secret|auth|kennwort|mdp)"
    r"(?:_[A-Z0-9_]+)?['\"]?\s*(?:[:=]|\bis\b|\bto\b)\s*['\"]?)([^\s'\"<>,;]{3,128})"
)
_EMAIL = re.compile(r"([\w.+'-]+)@([\w-]+(?:\.[\w-]+)+)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{2,4}){3,8}\b")
_NUMBER = re.compile(r"\+?\d[\d .,'()/-]*\d")
_TOKEN = re.compile(r"(?<![\w*])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9_-]{16,}(?![\w*])")

Masker = Callable[[str], str]


def _mask_key(text: str) -> str:
    return _PRIVATE_KEY.sub(lambda m: f"-----BEGIN {m.group(1)}----- {SECRET_MASK}", text)


def _mask_url(text: str) -> str:
    return _URL_PASSWORD.sub(lambda m: f"{m.group(1)}{SECRET_MASK}{m.group(3)}", text)


def _mask_assigned(text: str) -> str:
    return _ASSIGNED.sub(lambda m: f"{m.group(1)}{SECRET_MASK}", text)


def _mask_email(text: str) -> str:
    return _EMAIL.sub(lambda m: f"{m.group(1)[:1]}***@{m.group(2)}", text)


def _mask_iban(text: str) -> str:
    return _IBAN.sub(lambda m: mask_identifier(m.group()), text)


def _mask_number(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        value = match.group()
        digits = sum(ch.isdigit() for ch in value)
        return mask_identifier(value, 0, 2) if digits >= MIN_DIGITS else value

    return _NUMBER.sub(one, text)


def _mask_long_token(text: str) -> str:
    return _TOKEN.sub(lambda m: mask_token(m.group()), text)


# Keys and URLs first: their parts would otherwise be half-masked by the generic patterns.
MASKERS: tuple[Masker, ...] = (
    _mask_key,
    _mask_url,
    _mask_assigned,
    _mask_email,
    _mask_iban,
    _mask_long_token,
    _mask_number,
)


def mask_values(text: str) -> str:
    """Every identifier- or secret-like value in `text` masked (no detector needed)."""
    for masker in MASKERS:
        text = masker(text)
    return text


def redact_text(text: str) -> str:
    """`text` fit for a report: values masked, lines the detectors still object to withheld."""
    if not text:
        return text
    masked = mask_values(text)
    lines = masked.split("\n")
    segments = [TextSegment(Location("report", detail=str(i)), x) for i, x in enumerate(lines)]
    flagged: dict[int, set[str]] = {}
    for found in detect_rules(segments):
        if found.category in WITHHELD:
            flagged.setdefault(int(found.location.detail), set()).add(found.kind)
    for index, kinds in flagged.items():
        lines[index] = f"[line withheld: {', '.join(sorted(kinds))}]"
    return "\n".join(lines)


def excerpt(text: str, max_chars: int = 600, max_lines: int = 12) -> str:
    """The start of a body, cut at a line end (so no identifier is cut in half), redacted."""
    lines: list[str] = []
    size = 0
    for line in text.splitlines():
        if lines and (size + len(line) > max_chars or len(lines) >= max_lines):
            lines.append("[…]")
            break
        lines.append(line[:max_chars])
        size += len(line)
    return redact_text("\n".join(lines))


def mask_address(email: str) -> str:
    """A recipient's address as a report shows it: "j***@example.org"."""
    return _mask_email(email)
