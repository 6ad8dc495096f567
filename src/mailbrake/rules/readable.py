"""Text as the detectors read it: invisible characters out, compatibility forms folded.

A card number with a zero-width space between its groups, a password label with a soft
hyphen inside it, or an IBAN in full-width digits looks the same to a recipient as the
plain one, but no pattern written for the plain one matches it. Text copied from web pages,
PDFs and chat tools carries such characters by accident, and a sender who wants round the
check can type them. So:

- `visible`: the format characters (Unicode category Cf: soft hyphen, zero-width space and
  joiners, bidirectional marks, word joiner, byte order mark, tags...) removed, as they
  print nothing. The meaning model reads this (in training too).
- `readable`: that, then NFKC: full-width letters and digits, no-break and other spaces,
  ligatures ("ﬁ"), superscripts and circled digits become the plain characters they stand
  for. The rule detectors read this. The model does not: folding "nº" into "no" and "1ª"
  into "1a" changed its words, and measured a little worse (docs/detectors.md).

Line breaks are untouched, so a finding's line is the line a reader sees. Letters that only
look alike across scripts (a Cyrillic "а" in "pаssword") are not folded: that takes the
Unicode confusables table, which the standard library does not ship.
"""

from __future__ import annotations

import re
import unicodedata

# Every Cf code point of Unicode 14 (Python 3.11); tests/rules/test_readable.py checks the
# list against the running Python's unicodedata.
_FORMAT = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


def visible(text: str) -> str:
    """`text` without its format characters (the same object when it has none)."""
    if text.isascii():  # one C call; ASCII has no format character
        return text
    plain = _FORMAT.sub("", text)
    return text if len(plain) == len(text) else plain


def readable(text: str) -> str:
    """`visible(text)` in NFKC (the same object when there is nothing to change)."""
    if text.isascii():  # ASCII has no compatibility form either
        return text
    plain = unicodedata.normalize("NFKC", visible(text))
    return text if plain == text else plain
