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

- and in `readable`, letters of other scripts that look like Latin ones (a Cyrillic "а" in
  "pаssword", a Greek "Ο" in "CΟNFIDENTIAL") become those Latin letters, in a word that also
  has a Latin letter: a word wholly in Cyrillic or Greek is that language, read as written.
  The table is Unicode's confusables, as the confusable-homoglyphs package ships it; one
  letter becomes one letter, so positions and lines do not move.

Line breaks are untouched, so a finding's line is the line a reader sees.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from importlib import resources

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
    """`visible(text)` in NFKC, with look-alike letters in mixed-script words made Latin (the
    same object when there is nothing to change)."""
    if text.isascii():  # ASCII has no compatibility form, nor a letter of another script
        return text
    plain = unicodedata.normalize("NFKC", visible(text))
    if _OTHER_SCRIPT.search(plain):
        plain = _mixed_words().sub(_latin, plain)
    return text if plain == text else plain


# The blocks whose letters the confusables table maps to Latin ones (Latin's own variants
# are left alone: "ı" is a Turkish letter, "ł" a Polish one); a text without any skips the fold.
_OTHER_SCRIPT = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u13a0-\u13ff\u2c80-\u2cff\ua4d0-\ua4ff"
    "\uab70-\uabbf\U00010280-\U000102df\U000118a0-\U000118ff\U00016f00-\U00016f9f]"
)


@functools.cache
def _to_latin() -> dict[int, str]:
    """Each letter of another script that Unicode lists as confusable with one ASCII letter."""
    source = resources.files("confusable_homoglyphs") / "confusables.json"
    table: dict[str, list[dict[str, str]]] = json.loads(source.read_text(encoding="utf-8"))
    out = {}
    for char, alikes in table.items():
        if len(char) != 1 or not _OTHER_SCRIPT.match(char) or not char.isalpha():
            continue
        latin = [a["c"] for a in alikes if len(a["c"]) == 1 and a["c"].isascii()]
        # The letter of the same case first. Unicode lists capital I, small l and 1 as one
        # shape under "l", so a capital listed only as "l" (Cyrillic "І") is an "I".
        letters = sorted(
            (c for c in latin if c.isalpha()), key=lambda c: c.isupper() != char.isupper()
        )
        if letters:
            letter = letters[0]
            out[ord(char)] = "I" if letter == "l" and char.isupper() else letter
    return out


@functools.cache
def _mixed_words() -> re.Pattern[str]:
    """A word (letters only) with at least one ASCII letter and one look-alike letter."""
    alike = "".join(sorted(map(chr, _to_latin())))
    cls = re.escape(alike)
    return re.compile(rf"(?=[^\W\d_]*[A-Za-z])(?=[^\W\d_]*[{cls}])(?<![^\W\d_])[^\W\d_]+")


def _latin(word: re.Match[str]) -> str:
    return word.group().translate(_to_latin())
