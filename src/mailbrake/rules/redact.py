"""Redaction of identifiers and secrets: a snippet never shows a full value."""

from __future__ import annotations

import re

_ALNUM = re.compile(r"[A-Za-z0-9]")
SECRET_MASK = "********"


def mask_identifier(value: str, keep_head: int = 4, keep_tail: int = 4) -> str:
    """Star out the middle of an identifier, keeping separators and a few end characters.

    Short values keep less so that at least half of the characters are always hidden:
    "DE89 3704 0044 0532 0130 00" -> "DE89 **** **** **** **30 00", "078-05-1120" -> "***-**-**20".
    """
    positions = [i for i, ch in enumerate(value) if _ALNUM.match(ch)]
    count = len(positions)
    if count == 0:
        return value
    head, tail = keep_head, keep_tail
    while head + tail > count // 2 and (head or tail):
        if head >= tail and head:
            head -= 1
        else:
            tail -= 1
    alnum = set(positions)
    shown = set(positions[:head]) | set(positions[count - tail :] if tail else [])
    return "".join("*" if i in alnum and i not in shown else ch for i, ch in enumerate(value))


def mask_token(value: str, prefix_len: int = 4, tail: int = 4) -> str:
    """A provider key with its well-known prefix and a short tail: "AKIA************MPLE"."""
    if len(value) <= prefix_len + tail + 4:
        return value[:prefix_len] + "*" * max(len(value) - prefix_len, 4)
    middle = "*" * (len(value) - prefix_len - tail)
    return f"{value[:prefix_len]}{middle}{value[-tail:]}"


def mask_url_password(url: str, password: str) -> str:
    """A connection string with its password replaced: "postgres://app:********@db:5432/x"."""
    return url.replace(f":{password}@", f":{SECRET_MASK}@", 1)
