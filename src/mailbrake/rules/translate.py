"""Python `re` patterns rewritten for Hyperscan so that they match at least where `re` does.

Hyperscan without Unicode properties (`HS_FLAG_UCP`, which makes these patterns take tens
of seconds to compile) reads `\\w`, `\\d`, `\\s` and `\\b` as ASCII, while `re` reads them
as Unicode. The rewrite widens each class with every non-ASCII character, keeps `\\b` only
beside an ASCII letter or digit of the pattern (where the ASCII boundary holds whenever the
Unicode one does) and drops it elsewhere, and turns bounded repeats `{m,n}` into `{m,}`.
Each step only adds matches, so a pattern Hyperscan does not report cannot match in `re`.
"""

from __future__ import annotations

import re

_NON_ASCII = "\\x{80}-\\x{10ffff}"
# `re` also counts the ASCII separators 0x1c-0x1f as whitespace.
_WIDER = {"w": _NON_ASCII, "d": _NON_ASCII, "s": f"\\x1c-\\x1f{_NON_ASCII}"}
_REPEAT = re.compile(r"\{(\d+),\d+\}\??")
# Characters `re` matches case-insensitively to a different letter that Hyperscan's
# caseless mode does not: texts holding them are checked with `re` instead.
ODD_CASE_FOLDS = frozenset("\u0130\u0131\u017f\u212a\u1e9e")


def hyperscan_source(pattern: str) -> str:
    """`pattern` rewritten so that Hyperscan (UTF-8, no UCP) matches a superset of `re`."""
    out: list[str] = []
    in_class = negated = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(_escape(pattern, i, in_class, negated))
            i += 2
            continue
        if in_class and char == "]":
            in_class = False
        elif not in_class and char == "[":
            in_class, negated = True, pattern[i + 1 : i + 2] == "^"
            out.append(pattern[i : i + 2] if negated else char)
            i += 2 if negated else 1
            if pattern[i : i + 1] == "]":  # a leading "]" is a literal
                out.append("]")
                i += 1
            continue
        out.append(char)
        i += 1
    return _REPEAT.sub(r"{\1,}", "".join(out))


def _escape(pattern: str, i: int, in_class: bool, negated: bool) -> str:
    """One escape `\\x` at `i`, widened where ASCII semantics would match less."""
    letter = pattern[i + 1]
    if letter in _WIDER:
        if not in_class:
            return f"[\\{letter}{_WIDER[letter]}]"
        # A negated class already admits every non-ASCII character in ASCII mode.
        return f"\\{letter}" if negated else f"\\{letter}{_WIDER[letter]}"
    if letter == "b" and not in_class:
        return "\\b" if _beside_ascii_word(pattern, i) else ""
    return pattern[i : i + 2]


def _beside_ascii_word(pattern: str, i: int) -> bool:
    """Whether the `\\b` at `i` sits next to a literal ASCII letter or digit of the pattern.

    The literal after it must not be optional (`\\bx?`), or the text could go on with a
    non-ASCII letter there.
    """
    after = pattern[i + 2 : i + 4]
    before = pattern[i - 2 : i] if i >= 2 else f" {pattern[:i]}"
    if re.fullmatch(r"[A-Za-z0-9](?:[^?*{]|$)", after) or re.fullmatch(r"[A-Za-z0-9]", after):
        return True
    return re.fullmatch(r"[^\\][A-Za-z0-9]", before) is not None
