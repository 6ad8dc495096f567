"""The Jinja sandbox mail templates render in, with every growth operation held to the limits."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

import jinja2
import jinja2.runtime
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
from markupsafe import EscapeFormatter, Markup

from mailbrake.mime import limits as lim
from mailbrake.mime.limits import RenderLimits

# str/bytes methods whose result can be much longer than the text they are called on.
_GROWING_METHODS = frozenset(
    {"ljust", "rjust", "center", "zfill", "expandtabs", "replace", "join", "to_bytes"}
)
LOOP_HOOK = "mb_loop"


class _CodeGenerator(CodeGenerator):
    """`a ~ b` goes through the environment, so its operands are measured before joining."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802 (Jinja's name)
        if frame.eval_ctx.volatile:
            func = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func = "markup_join"
        else:
            func = "str_join"
        self.write(f"environment.mb_concat({func}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _Formatter(SandboxedFormatter):
    """`str.format`: each field's spec and value are measured before it is formatted."""

    def __init__(self, env: MailSandbox, **kwargs: Any) -> None:
        super().__init__(env, **kwargs)
        self._limits = env.limits

    def format_field(self, value: Any, format_spec: str) -> Any:
        lim.tick()
        lim.check_format_spec(format_spec, self._limits)
        lim.check_value(value, self._limits, "a formatted value")
        return super().format_field(value, format_spec)


class _EscapeFormatter(_Formatter, EscapeFormatter):
    pass


class MailSandbox(ImmutableSandboxedEnvironment):
    """The immutable Jinja sandbox, plus the render limits (see `mailbrake.mime.limits`)."""

    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, limits: RenderLimits, **options: Any) -> None:
        super().__init__(finalize=self._finalize, **options)
        self.limits = limits
        self.concat = lim.checked_join(limits)  # type: ignore[method-assign]
        self.globals.pop("lipsum", None)  # lipsum(10**6) would write half a gigabyte
        self.filters = {name: self._guard(f) for name, f in self.filters.items()}

    # --- hooks the generated code calls -------------------------------------------------------

    def mb_loop(self, iterable: Iterable[Any]) -> Iterable[Any]:
        return lim.budgeted(iterable)

    def mb_concat(self, join: Callable[[Iterable[Any]], str], parts: tuple[Any, ...]) -> str:
        lim.tick()
        lim.check_value(parts, self.limits, "a ~ concatenation")
        return join(parts)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        lim.tick()
        limits = self.limits
        if operator == "*":
            lim.require_size(lim.repeat_size(left, right), limits, "a * repetition")
        if operator in ("*", "**"):
            lim.check_int_result(left, right, operator, limits)
        elif operator == "+" and not isinstance(left, int | float):
            lim.check_value((left, right), limits, "a + concatenation")
        elif operator == "%" and isinstance(left, str):
            lim.check_percent(left, right, limits)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        lim.tick()
        limits = __self.limits
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if name in _GROWING_METHODS and isinstance(owner, str | bytes | int):
            what = f"{name}()"
            if name == "join" and args and not isinstance(args[0], list | tuple):
                args = (list(args[0]), *args[1:])  # measured, then joined: read it once
            lim.check_numbers([*args, *kwargs.values()], limits, what)
            lim.check_value((owner, args, kwargs), limits, what)
            if name in ("join", "replace", "expandtabs"):
                lim.require_size(_growth(owner, name, args), limits, what)
        return __self._checked(super().call(__context, __obj, *args, **kwargs), "a call")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`str.format` and `format_map`, with the bounded formatter."""
        plain = super().wrap_str_format(value)
        if plain is None:
            return None
        owner: str = value.__self__
        formatter = (
            _EscapeFormatter(self, escape=owner.escape)
            if isinstance(owner, Markup)
            else _Formatter(self)
        )
        is_map = value.__name__ == "format_map"

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one mapping")
                return type(owner)(formatter.vformat(owner, (), args[0]))
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return functools.update_wrapper(wrapper, value)

    # --- helpers --------------------------------------------------------------------------------

    def _finalize(self, value: Any) -> Any:
        """Every `{{ expression }}` is measured before it is turned into text."""
        # Most values are short strings: measure them without the general walk.
        size = len(value) if type(value) is str else lim.text_size(value, self.limits.max_chars)
        if size > self.limits.max_chars:
            lim.require_size(size, self.limits, "an {{ expression }}")
        budget = lim.ACTIVE.get()
        if budget is not None:
            budget.produce(size)
        return value

    def _checked(self, result: Any, what: str) -> Any:
        """A call's or filter's result: not over the limit, and counted as written.

        Counting stops `range(100000)|map('center', 999999)|join`: each piece is allowed,
        but together they would be a hundred gigabytes before the join could be measured.
        """
        if isinstance(result, str | bytes | list | tuple | dict):
            lim.require_size(len(result), self.limits, what)
            budget = lim.ACTIVE.get()
            if budget is not None:
                budget.produce(len(result))
        return result

    def _guard(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """A filter that measures its input and numbers first, and its result after."""
        limits = self.limits

        @functools.wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            lim.tick()
            name = getattr(func, "__name__", "filter").removeprefix("do_")
            values = [a for a in args if not isinstance(a, _PASSED)]
            lim.check_numbers([*values[1:], *kwargs.values()], limits, f"the filter {name}")
            lim.check_value((values, kwargs), limits, f"the filter {name}")
            if values:
                growth = _filter_growth(name, values, kwargs, limits)
                lim.require_size(growth, limits, f"the filter {name}")
            return self._checked(func(*args, **kwargs), f"the filter {name}")

        return guarded


# What Jinja passes a filter before its value (pass_environment, pass_eval_context, ...).
_PASSED = (jinja2.Environment, jinja2.nodes.EvalContext, jinja2.runtime.Context)


def _growth(owner: Any, name: str, args: tuple[Any, ...]) -> int:
    """How long `join`, `replace` or `expandtabs` on `owner` would make its result."""
    if name == "join" and args:
        items: list[Any] | tuple[Any, ...] = args[0]
        return len(owner) * max(len(items) - 1, 0) + lim.text_size(items, 10**12)
    if name == "replace" and len(args) >= 2:
        return _replace_size(owner, args[0], args[1], args[2] if len(args) > 2 else -1)
    if name == "expandtabs":
        width = args[0] if args and isinstance(args[0], int) else 8
        tabs: int = owner.count("\t" if isinstance(owner, str) else b"\t")
        return len(owner) + tabs * width
    return 0


def _replace_size(text: Any, old: Any, new: Any, count: Any) -> int:
    if not isinstance(new, str | bytes) or not isinstance(old, str | bytes):
        return 0
    found = len(text) + 1 if not old else text.count(old)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return len(text) + found * max(len(new) - len(old), 0)


def _filter_growth(
    name: str, values: list[Any], kwargs: dict[str, Any], limits: RenderLimits
) -> int:
    """Filters that multiply their input: `join`, `format`, `replace`, `indent`, `wordwrap`."""
    text = values[0]
    if name == "join" and isinstance(text, list | tuple):
        sep = values[1] if len(values) > 1 else kwargs.get("d", "")
        width = len(sep) if isinstance(sep, str) else 0
        return lim.text_size(text, limits.max_chars) + width * max(len(text) - 1, 0)
    if not isinstance(text, str):
        return 0
    if name == "format":
        lim.check_percent(text, tuple(values[1:]) or kwargs, limits)
        return 0
    if name == "replace" and len(values) >= 3:
        count = values[3] if len(values) > 3 else kwargs.get("count")
        return _replace_size(text, values[1], values[2], count if count is not None else -1)
    if name == "indent":
        width = values[1] if len(values) > 1 else kwargs.get("width", 4)
        pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 4
        return len(text) + (text.count("\n") + 1) * pad
    if name == "wordwrap":
        wrap = kwargs.get("wrapstring") or (values[4] if len(values) > 4 else "\n")
        width = values[1] if len(values) > 1 else kwargs.get("width", 79)
        pieces = len(text) // max(width if isinstance(width, int) else 79, 1) + 1
        return len(text) + pieces * len(wrap if isinstance(wrap, str) else "\n")
    return 0


def forbidden_attribute(tree: nodes.Template) -> tuple[str, int] | None:
    """The first `x.__class__`-like access, so a sandbox escape is refused before any send."""
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        name: object = None
        if isinstance(node, nodes.Getattr):
            name = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            name = node.arg.value
        elif isinstance(node, nodes.Filter) and node.name == "attr" and node.args:
            first = node.args[0]
            name = first.value if isinstance(first, nodes.Const) else None
        if isinstance(name, str) and name.startswith("_"):
            return name, node.lineno
    return None


def add_loop_budget(tree: nodes.Template) -> None:
    """Make every `{% for %}` iterate through `mb_loop`, which spends from the CPU budget."""
    for loop in tree.find_all(nodes.For):
        hook = nodes.EnvironmentAttribute(LOOP_HOOK, lineno=loop.lineno)
        loop.iter = nodes.Call(hook, [loop.iter], [], None, None, lineno=loop.lineno)


__all__ = ["MailSandbox", "SecurityError", "add_loop_budget", "forbidden_attribute"]
