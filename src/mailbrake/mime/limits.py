"""Render limits: a CPU budget and an output cap per message that a template cannot get round.

The Jinja sandbox stops a template from reaching Python internals, not from asking for a
billion-character string or a loop that never yields. Every operation that can make text
grow faster than the template itself (`*`, `**`, `+`, `%`, `~`, `str.format`, padding
methods, filters, captured blocks) is checked *before* it allocates, and every loop step,
call and filter spends from a per-message CPU budget measured on the rendering thread.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

DEFAULT_CPU_SECONDS = 2.0
DEFAULT_MAX_CHARS = 1_000_000
# Big integers cost time and memory to multiply and print; no mail needs more digits.
MAX_INT_BITS = 100_000
_CHECK_EVERY = 64  # ticks between reads of the CPU clock (a read costs ~0.1 µs)
_SPEC_NUMBER = re.compile(r"\d+")
# The width and precision of each `%` conversion: "%-999999999d", "%.9999999f".
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d*|\*)(?:\.(\d*|\*))?")


@dataclass(frozen=True, slots=True)
class RenderLimits:
    """Per message: CPU seconds for rendering all parts, and characters of output."""

    cpu_seconds: float = DEFAULT_CPU_SECONDS
    max_chars: int = DEFAULT_MAX_CHARS

    def describe_time(self) -> str:
        return f"time budget of {self.cpu_seconds:g} s CPU per message (render_cpu_seconds)"

    def describe_size(self) -> str:
        return f"output limit of {self.max_chars:,} characters per message (render_max_chars)"


class RenderLimitError(Exception):
    """A template asked for more than its limits; `limit` names which one, for the user."""

    def __init__(self, limit: str, detail: str) -> None:
        super().__init__(f"{detail} (over the {limit})")
        self.limit = limit
        self.detail = detail


class Budget:
    """One message's spending: CPU time on this thread, and characters written so far."""

    __slots__ = ("_deadline", "_ticks", "limits", "produced", "written")

    def __init__(self, limits: RenderLimits) -> None:
        self.limits = limits
        # Read the thread's CPU clock only once a render does real work: it is a system call
        # (~1 µs), and most messages finish in fewer ticks than one check interval.
        self._deadline: float | None = None
        self._ticks = 0
        self.written = 0
        self.produced = 0  # every {{ expression }}, also into macros and captured blocks

    def tick(self) -> None:
        self._ticks += 1
        if self._ticks % _CHECK_EVERY:
            return
        now = time.thread_time()
        if self._deadline is None:
            self._deadline = now + self.limits.cpu_seconds
        elif now > self._deadline:
            raise RenderLimitError(self.limits.describe_time(), "rendering took too long")

    def write(self, chars: int) -> None:
        self.written += chars
        if self.written > self.limits.max_chars:
            raise RenderLimitError(self.limits.describe_size(), "the message is too long")

    def produce(self, chars: int) -> None:
        """Output that may go into a buffer (a macro, a set-block) before it is written.

        A buffer is joined only at its end; counting here stops a loop that fills one long
        before memory does. Nested buffers count their text again at each level, hence the
        headroom of ten times the output limit.
        """
        self.produced += chars
        if self.produced > 10 * self.limits.max_chars:
            raise RenderLimitError(self.limits.describe_size(), "the template writes too much")


# The budget of the message being rendered on this thread (or task); None outside a render,
# e.g. while Jinja folds constants at compile time, when only the size checks apply.
ACTIVE: ContextVar[Budget | None] = ContextVar("mailbrake_render_budget", default=None)


def tick() -> None:
    budget = ACTIVE.get()
    if budget is not None:
        budget.tick()


def text_size(value: object, limit: int) -> int:
    """An upper bound on len(str(value)), give or take, that stops counting past `limit`."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str | bytes):
            total += len(item) + 4  # quotes and a separator when shown inside a container
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 2
        else:
            total += 40
        if total > limit:
            return total
    return total


def require_size(chars: int, limits: RenderLimits, what: str) -> None:
    if chars > limits.max_chars:
        raise RenderLimitError(limits.describe_size(), f"{what} would be {chars:,} characters")


def check_value(value: object, limits: RenderLimits, what: str) -> None:
    """Refuse a value whose text would be over the output limit, before it is made text."""
    require_size(text_size(value, limits.max_chars), limits, what)


def check_numbers(values: Iterable[object], limits: RenderLimits, what: str) -> None:
    """A number bigger than the output limit as an argument is a width or count: refuse it."""
    for value in values:
        if isinstance(value, int) and abs(value) > limits.max_chars:
            raise RenderLimitError(limits.describe_size(), f"{what} was given {value:,}")


def check_format_spec(spec: str, limits: RenderLimits) -> None:
    """`'{:>999999999}'`: a width or precision in a format spec is output it would pad to."""
    numbers = (int(n) for n in _SPEC_NUMBER.findall(spec[:100]))
    check_numbers(numbers, limits, "a format width or precision")


def check_percent(template: str, args: object, limits: RenderLimits) -> None:
    """`'%999999999d' % 1` and `'%*d' % (10**9, 1)`: widths in the string or the arguments."""
    for width, precision in _PERCENT_SPEC.findall(template):
        numbers = [int(n) for n in (width, precision) if n.isdigit()]
        check_numbers(numbers, limits, "a % width or precision")
    values = args if isinstance(args, tuple) else (args,)
    check_numbers(values, limits, "a % argument")
    check_value(args, limits, "the % arguments")


def check_int_result(left: object, right: object, operator: str, limits: RenderLimits) -> None:
    """`*` and `**` on integers: refuse results with more than MAX_INT_BITS bits."""
    if not (isinstance(left, int) and isinstance(right, int)):
        return
    if operator == "**":
        bits = left.bit_length() * right if right > 0 else 0
    else:
        bits = left.bit_length() + right.bit_length()
    if bits > MAX_INT_BITS:
        raise RenderLimitError(limits.describe_size(), f"a number of {bits:,} bits")


def repeat_size(left: object, right: object) -> int:
    """How long the text of a `*` repetition of a sequence would be; 0 for plain numbers."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | bytes) and isinstance(times, int):
            return max(times, 0) * len(seq)
        if isinstance(seq, list | tuple) and isinstance(times, int):
            return max(times, 0) * max(text_size(seq, DEFAULT_MAX_CHARS * 10), 1)
    return 0


def budgeted(iterable: Iterable[Any]) -> Iterator[Any]:
    """A `{% for %}` loop's items, each one spending from the budget: CPU-only loops stop."""
    budget = ACTIVE.get()
    if budget is None:
        yield from iterable
        return
    for item in iterable:
        budget.tick()
        yield item


def checked_join(limits: RenderLimits) -> Callable[[Iterable[str]], str]:
    """The `concat` Jinja joins captured blocks, macro output and set-blocks with."""

    def concat(parts: Iterable[str]) -> str:
        pieces = list(parts)
        require_size(sum(len(p) for p in pieces), limits, "a captured block")
        return "".join(pieces)

    return concat
