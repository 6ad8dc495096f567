"""Subject and body templates, compiled once per mailout in a Jinja2 sandbox."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.exceptions import SecurityError

from mailbrake.errors import TemplateError
from mailbrake.mime import limits as lim
from mailbrake.mime.limits import Budget, RenderLimitError, RenderLimits
from mailbrake.mime.sandbox import MailSandbox, add_loop_budget, forbidden_attribute
from mailbrake.models import MailoutContent

SUBJECT = "subject"
TEXT_BODY = "text body"
HTML_BODY = "HTML body"
FIX_HINT = "Fix the template and run the command again."


class TemplatePartError(TemplateError):
    """A template problem in one part: which template, which line (if known), which field."""

    def __init__(
        self, message: str, *, part: str, line: int | None = None, field: str = ""
    ) -> None:
        super().__init__(message, hint=FIX_HINT)
        self.part = part
        self.line = line
        self.field = field
        self.limit = ""  # set when a render limit was exceeded: which one


def _limit_error(name: str, exc: RenderLimitError) -> TemplatePartError:
    message = (
        f"{_capital(name)}: {exc.detail}, over the {exc.limit}; a template must render "
        "within its limits for every recipient."
    )
    error = TemplatePartError(message, part=name)
    error.limit = exc.limit
    return error


@dataclass(frozen=True, slots=True)
class RenderedParts:
    """One recipient's subject and bodies, before any MIME encoding."""

    subject: str
    text: str
    html: str | None


def _environment(
    limits: RenderLimits, *, autoescape: bool, keep_trailing_newline: bool
) -> MailSandbox:
    return MailSandbox(
        limits,
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

    def render(self, fields: Mapping[str, str], budget: Budget) -> str:
        """The part's text for one recipient, streamed and counted against `budget`."""
        try:
            context = self.template.new_context({**self.base, **fields}, shared=True)
            chunks: list[str] = []
            for chunk in self.template.root_render_func(context):
                budget.write(len(chunk))  # (loops, calls and filters spend the CPU budget)
                chunks.append(chunk)
            return "".join(chunks)
        except RenderLimitError as exc:
            raise _limit_error(self.name, exc) from None
        except RecursionError:
            raise _limit_error(self.name, _too_deep(budget.limits)) from None
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

    limits: RenderLimits = field(default_factory=RenderLimits)

    def render(self, fields: Mapping[str, str]) -> RenderedParts:
        """One recipient's parts, within one CPU budget and one output cap for all three.

        Raises TemplatePartError (which part, which limit) when the limits are exceeded.
        """
        budget = Budget(self.limits)
        token = lim.ACTIVE.set(budget)
        try:
            subject = self.subject.render(fields, budget)
            text = self.text.render(fields, budget)
            html = self.html.render(fields, budget) if self.html is not None else None
        finally:
            lim.ACTIVE.reset(token)
        return RenderedParts(subject, text, html)


def compile_templates(
    content: MailoutContent, limits: RenderLimits | None = None
) -> CompiledTemplates:
    """Parse the subject and bodies, or raise TemplatePartError naming the template and line.

    Expressions that reach past the sandbox (`''.__class__`) are refused here, not at send.
    """
    limits = limits or RenderLimits()
    plain = _environment(limits, autoescape=False, keep_trailing_newline=False)
    body = _environment(limits, autoescape=False, keep_trailing_newline=True)
    html = _environment(limits, autoescape=True, keep_trailing_newline=True)
    return CompiledTemplates(
        subject=_compile(plain, SUBJECT, content.subject),
        text=_compile(body, TEXT_BODY, content.text),
        html=_compile(html, HTML_BODY, content.html) if content.html is not None else None,
        limits=limits,
    )


def fields_used(content: MailoutContent) -> set[str]:
    """The recipient fields the subject and bodies refer to (undeclared template variables)."""
    return set(compile_templates(content).fields)


def _compile(env: MailSandbox, name: str, source: str) -> _Part:
    try:
        tree = env.parse(source)
        used = frozenset(meta.find_undeclared_variables(tree))
        _refuse_escapes(tree, name)
        add_loop_budget(tree)
        # Constants are folded here, through the same bounded filters a render uses.
        template = env.from_string(tree)
    except jinja2.TemplateSyntaxError as exc:
        message = (
            f"{_capital(name)}, line {exc.lineno}: {_sentence(exc.message or 'syntax error')}."
        )
        raise TemplatePartError(message, part=name, line=exc.lineno) from None
    except RenderLimitError as exc:
        raise _limit_error(name, exc) from None
    except RecursionError:
        raise _limit_error(name, _too_deep(env.limits)) from None
    return _Part(name, template, used, dict(template.globals))


def _refuse_escapes(tree: jinja2.nodes.Template, name: str) -> None:
    found = forbidden_attribute(tree)
    if found is not None:
        attribute, line = found
        message = (
            f"{_capital(name)}, line {line}: the attribute '{attribute}' is not allowed "
            "(names starting with an underscore reach outside the template sandbox)."
        )
        raise TemplatePartError(message, part=name, line=line)


def _too_deep(limits: RenderLimits) -> RenderLimitError:
    return RenderLimitError(limits.describe_time(), "the template calls itself too deeply")


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


def _sentence(text: str) -> str:
    """Jinja's message without its own full stop, so ours does not double it."""
    return text.strip().rstrip(".")
