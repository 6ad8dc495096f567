"""Subject and body templates, compiled once per mailout in a Jinja2 sandbox."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mailbrake.errors import TemplateError
from mailbrake.models import MailoutContent

SUBJECT = "subject"
TEXT_BODY = "text body"
HTML_BODY = "HTML body"
FIX_HINT = "Fix the template and run the command again."

# Repetition and powers are the two cheap ways to make a template eat all memory or CPU.
_MAX_REPEAT = 100_000
_MAX_EXPONENT = 1_000


class TemplatePartError(TemplateError):
    """A template problem in one part: which template, which line (if known), which field."""

    def __init__(
        self, message: str, *, part: str, line: int | None = None, field: str = ""
    ) -> None:
        super().__init__(message, hint=FIX_HINT)
        self.part = part
        self.line = line
        self.field = field


class _MailSandbox(ImmutableSandboxedEnvironment):
    """The Jinja sandbox, plus limits on `*` and `**` so a template cannot exhaust the worker."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > _MAX_EXPONENT:
            raise SecurityError(f"the exponent {right} is too large")
        if operator == "*" and _repeat_count(left, right) > _MAX_REPEAT:
            raise SecurityError("the repetition is too large")
        return super().call_binop(context, operator, left, right)


def _repeat_count(left: Any, right: Any) -> int:
    """How long a `*` result would be when it repeats a sequence; 0 for plain numbers."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            return len(seq) * times
    return 0


@dataclass(frozen=True, slots=True)
class RenderedParts:
    """One recipient's subject and bodies, before any MIME encoding."""

    subject: str
    text: str
    html: str | None


def _environment(*, autoescape: bool, keep_trailing_newline: bool) -> jinja2.Environment:
    return _MailSandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=keep_trailing_newline,
    )


@dataclass(frozen=True, slots=True)
class _Part:
    name: str
    template: jinja2.Template
    fields: frozenset[str]
    # The template's globals (range, dict, ...), copied once: Template.render would copy them
    # from a ChainMap on every call, which costs as much as the rendering itself.
    base: dict[str, Any] = field(default_factory=dict)

    def render(self, fields: Mapping[str, str]) -> str:
        try:
            context = self.template.new_context({**self.base, **fields}, shared=True)
            return "".join(self.template.root_render_func(context))
        except jinja2.UndefinedError as exc:
            raise self._missing_field(fields, exc) from None
        except SecurityError as exc:
            reason = _sentence(str(exc))
            message = f"{_capital(self.name)}: this expression is not allowed: {reason}."
            raise TemplatePartError(message, part=self.name) from None
        except Exception as exc:  # a template must never crash a worker: fail closed
            message = f"{_capital(self.name)}: rendering failed: {_sentence(str(exc))}."
            raise TemplatePartError(message, part=self.name) from None

    def _missing_field(
        self, fields: Mapping[str, str], exc: jinja2.UndefinedError
    ) -> TemplatePartError:
        missing = sorted(self.fields - fields.keys())
        if not missing:
            message = f"{_capital(self.name)} uses an undefined value: {_sentence(str(exc))}."
            return TemplatePartError(message, part=self.name)
        names = ", ".join(f"'{name}'" for name in missing)
        message = (
            f"{_capital(self.name)} uses the field {names}, which this recipient does not have;"
            " add the column to the list or remove the field from the template."
        )
        return TemplatePartError(message, part=self.name, field=missing[0])


@dataclass(frozen=True, slots=True)
class CompiledTemplates:
    """A mailout's three templates, parsed once; `render` fills them in for one recipient."""

    subject: _Part
    text: _Part
    html: _Part | None

    @property
    def fields(self) -> frozenset[str]:
        """Every field any of the templates refers to."""
        found = self.subject.fields | self.text.fields
        return found | self.html.fields if self.html is not None else found

    def render(self, fields: Mapping[str, str]) -> RenderedParts:
        html = self.html.render(fields) if self.html is not None else None
        return RenderedParts(self.subject.render(fields), self.text.render(fields), html)


def compile_templates(content: MailoutContent) -> CompiledTemplates:
    """Parse the subject and bodies, or raise TemplatePartError naming the template and line."""
    plain = _environment(autoescape=False, keep_trailing_newline=False)
    body = _environment(autoescape=False, keep_trailing_newline=True)
    html = _environment(autoescape=True, keep_trailing_newline=True)
    return CompiledTemplates(
        subject=_compile(plain, SUBJECT, content.subject),
        text=_compile(body, TEXT_BODY, content.text),
        html=_compile(html, HTML_BODY, content.html) if content.html is not None else None,
    )


def fields_used(content: MailoutContent) -> set[str]:
    """The recipient fields the subject and bodies refer to (undeclared template variables)."""
    return set(compile_templates(content).fields)


def _compile(env: jinja2.Environment, name: str, source: str) -> _Part:
    try:
        tree = env.parse(source)
        template = env.from_string(tree)
    except jinja2.TemplateSyntaxError as exc:
        message = (
            f"{_capital(name)}, line {exc.lineno}: {_sentence(exc.message or 'syntax error')}."
        )
        raise TemplatePartError(message, part=name, line=exc.lineno) from None
    used = frozenset(meta.find_undeclared_variables(tree))
    return _Part(name, template, used, dict(template.globals))


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


def _sentence(text: str) -> str:
    """Jinja's message without its own full stop, so ours does not double it."""
    return text.strip().rstrip(".")
