"""Render limits: every template bomb is refused before it allocates or burns the CPU budget."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailbrake.errors import TemplateError
from mailbrake.mime.limits import RenderLimits
from mailbrake.mime.templates import TemplatePartError, compile_templates
from mailbrake.models import MailoutContent

CONTENT = MailoutContent("hr@example.org", "Hello", "Hi {{ name }}\n")
FIELDS = {"name": "Ann", "email": "ann@example.org"}
# A small CPU budget keeps the loop bombs short; the size limit is the default.
LIMITS = RenderLimits(cpu_seconds=0.2)

SIZE_BOMBS = [
    "{{ 'x'.ljust(10**9) }}",
    "{{ 'x'.rjust(999999999) }}",
    "{{ 'x'.center(999999999) }}",
    "{{ 'x'|center(999999999) }}",
    "{{ 'x'.zfill(10**9) }}",
    "{{ '%999999999d' % 1 }}",
    "{{ '%*d' % (999999999, 1) }}",
    "{{ '%.999999999f' % 1.5 }}",
    "{{ '%s'|format('x') ~ '%999999999s'|format('y') }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '{:>{}}'.format(1, '999999999') }}",
    "{{ '{0:.999999999f}'.format(1.5) }}",
    "{{ (['x' * 100000] * 100000)|join }}",
    "{{ 'y'.join(['x' * 100000] * 100000) }}",
    "{{ ['x' * 100000] * 100000 }}",
    "{{ 'x' * 10**9 }}",
    "{{ (10**1000)**1000 }}",
    "{{ 'x'.encode().ljust(10**9) }}",
    "{{ (1).to_bytes(10**9, 'big') }}",
    "{{ ('x' * 1000)|wordwrap(1, wrapstring='y' * 100000) }}",
    "{{ ('a\\n' * 50000)|indent(100000) }}",
    "{{ [1]|batch(999999999, 'x')|list }}",
    "{{ ('x' * 999999)|replace('', 'yy') }}",
    "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}"
    "{% endfor %}",
    "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = ns.x + ns.x %}"
    "{% endfor %}",
    "{% set x %}{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}{% endset %}{{ x }}",
    "{% macro m() %}{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}{% endmacro %}"
    "{{ m() }}",
    "{% for i in range(100) %}{{ 'x' * 100000 }}{% endfor %}",
    "{{ range(100000)|map('center', 999999)|join }}",
    "{{ range(100000)|map('string')|map('center', 999999)|list|length }}",
]
TIME_BOMBS = [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for a in 'x' * 100000 %}{% for b in 'x' * 100000 %}{% endfor %}{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{{ '' }}{% endfor %}{% endfor %}",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
]


def render(source: str, limits: RenderLimits = LIMITS) -> str:
    return compile_templates(replace(CONTENT, text=source), limits).render(FIELDS).text


@pytest.mark.parametrize("source", SIZE_BOMBS)
def test_size_bombs_are_refused_naming_the_template_and_the_output_limit(source: str) -> None:
    with pytest.raises(TemplatePartError) as caught:
        render(source)
    assert caught.value.part == "text body"
    assert "output limit of 1,000,000 characters" in str(caught.value)
    assert caught.value.limit.startswith("output limit")


@pytest.mark.parametrize("source", TIME_BOMBS)
def test_cpu_bombs_stop_at_the_time_budget(source: str) -> None:
    with pytest.raises(TemplatePartError) as caught:
        render(source)
    assert "time budget of 0.2 s CPU" in str(caught.value)
    assert "render_cpu_seconds" in str(caught.value)


def test_the_output_limit_counts_the_whole_message() -> None:
    limits = RenderLimits(max_chars=2_000)
    content = replace(CONTENT, subject="{{ 'a' * 900 }}", text="{{ 'b' * 900 }}")
    assert len(compile_templates(content, limits).render(FIELDS).text) == 900
    both = replace(content, html="<p>{{ 'c' * 900 }}</p>")
    with pytest.raises(TemplatePartError, match="HTML body: the message is too long"):
        compile_templates(both, limits).render(FIELDS)


def test_ordinary_templates_render_as_before() -> None:
    source = (
        "Hello {{ name }}, {{ '%05d' % 42 }} {{ '{:>6}'.format(name) }} {{ [1, 2]|join(',') }}"
        " {% for i in range(3) %}{{ i }}{% endfor %} {{ ','.join(range(3)|map('string')) }}"
        " {{ name|center(7) }}|{{ 'x' * 3 }}|{{ 2 ** 10 }}|{{ name ~ '!' }}"
    )
    assert render(source) == "Hello Ann, 00042    Ann 1,2 012 0,1,2   Ann  |xxx|1024|Ann!"


# --- property: any template renders within the limits or is refused with TemplateError ------

_NUMBERS = st.sampled_from([0, 1, 3, 80, 4096, 100_000, 999_999, 10**6 + 1, 10**9, -5])
_STRINGS = st.sampled_from(["''", "'x'", "'ab\\n'", "name", "'%5d'", "'{:>9}'", "'\\t'"])


@st.composite
def _expression(draw: st.DrawFn, depth: int = 0) -> str:
    s, n = draw(_STRINGS), draw(_NUMBERS)
    atoms = [
        s,
        str(n),
        f"{s} * {n}",
        f"{s}.ljust({n})",
        f"{s}.center({n})",
        f"{s}.zfill({n})",
        f"{s}.expandtabs({n})",
        f"{s}.replace('', {s})",
        f"{s} % {n}",
        f"{s}.format({n})",
        f"'{{:>{n}}}'.format({s})",
        f"{s}|center({n})",
        f"{s}|indent({n})",
        f"{s}|truncate({n})",
        f"[{s}] * {n}",
        f"({s} * {n})|list|join",
        f"{n} ** {draw(_NUMBERS)}",
        f"range({n})|list",
        f"{s}|wordwrap(1, wrapstring={s})",
    ]
    atom = draw(st.sampled_from(atoms))
    if depth < 2 and draw(st.booleans()):
        other = draw(_expression(depth + 1))
        op = draw(st.sampled_from([" ~ ", " + ", " * ", "|join(", "|replace('x', "]))
        return f"({atom}{op}{other}{')' if op.endswith('(') else ''})"
    return atom


@st.composite
def _template(draw: st.DrawFn, depth: int = 0) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["text", "expr", "loop", "set", "raw"]))
        if kind == "text":
            pieces.append(draw(st.text(max_size=20)))
        elif kind == "raw":
            pieces.append(draw(st.sampled_from(["{{", "{%", "}}", "{% for %}", "{{ name."])))
        elif kind == "expr":
            pieces.append("{{ " + draw(_expression()) + " }}")
        elif kind == "set":
            pieces.append("{% set v = " + draw(_expression()) + " %}{{ v }}")
        elif depth < 2:
            body = draw(_template(depth + 1))
            pieces.append(f"{{% for i in range({draw(_NUMBERS)}) %}}{body}{{% endfor %}}")
    return "".join(pieces)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(source=_template())
def test_any_template_renders_within_the_limits_or_is_refused(source: str) -> None:
    limits = RenderLimits(cpu_seconds=0.2, max_chars=100_000)
    # The HTML body renders the same source with autoescaping (Markup's own format paths).
    content = replace(CONTENT, subject="{{ name }}", text=source, html=source)
    try:
        parts = compile_templates(content, limits).render(FIELDS)
    except TemplateError:
        return  # refused with the library's own error: fine
    assert len(parts.subject) + len(parts.text) + len(parts.html or "") <= limits.max_chars
