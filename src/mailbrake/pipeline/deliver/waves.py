"""Waves: a small canary first, then the rest in steps; sizes as counts, percentages or "rest"."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from mailbrake.errors import InputError, InputProblem

REST = "rest"
_COUNT = re.compile(r"\d+")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")


def check_wave(text: str, where: str) -> str:
    """A wave size as stored: "50" (recipients), "1%" (of the list) or "rest"."""
    value = text.strip().lower()
    if value == REST:
        return REST
    if _COUNT.fullmatch(value) and int(value) > 0:
        return value
    match = _PERCENT.fullmatch(value)
    if match and 0 < float(match.group(1)) <= 100:
        return value
    raise InputError(
        [InputProblem(where, f"{text!r} is not a wave size")],
        hint="Use a number of recipients (50), a percentage (1%) or 'rest'.",
    )


def plan_waves(canary: str | None, waves: Sequence[str]) -> tuple[str, ...]:
    """The waves of a send: the canary (if any) first, then `waves`, ending with the rest."""
    plan = [check_wave(canary, "canary")] if canary else []
    plan += [check_wave(w, "waves") for w in waves if w.strip()]
    if REST in plan[:-1]:
        raise InputError(
            [InputProblem("waves", "'rest' can only be the last wave")],
            hint="For example waves 1%,10%,rest.",
        )
    if not plan or plan[-1] != REST:
        plan.append(REST)
    return tuple(plan)


def wave_sizes(plan: Sequence[str], total: int) -> list[int | None]:
    """Recipients per wave for a list of `total`; None stands for everyone left."""
    sizes: list[int | None] = []
    for wave in plan:
        if wave == REST:
            sizes.append(None)
        elif wave.endswith("%"):
            sizes.append(max(1, math.ceil(total * float(wave[:-1]) / 100)))
        else:
            sizes.append(int(wave))
    return sizes


def wave_name(index: int, count: int) -> str:
    """How a wave is called in messages: the first of several is the canary."""
    if index == 0 and count > 1:
        return "canary wave"
    return f"wave {index + 1} of {count}"
