"""Templates: sandboxed, strict about missing fields, escaped in HTML only, clear about errors."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from mailbrake.errors import TemplateError
from mailbrake.mime.templates import TemplatePartError, compile_templates, fields_used
from mailbrake.models import MailoutContent

CONTENT = MailoutContent(
    from_addr="news@example.org",
    subject="Hi {{ name }}",
    text="Dear {{ name }} from {{ dept }},\n",
    html="<p>Dear {{ name }}</p>\n",
)
FIELDS = {"name": "Zoë", "dept": "HR", "email": "zoe@example.org"}


def test_render_fills_in_each_template_for_the_recipient() -> None:
    parts = compile_templates(CONTENT).render(FIELDS)
    assert (parts.subject, parts.text, parts.html) == (
        "Hi Zoë",
        "Dear Zoë from HR,\n",
        "<p>Dear Zoë</p>\n",
    )


def test_html_body_escapes_fields_and_text_body_does_not() -> None:
    parts = compile_templates(CONTENT).render({**FIELDS, "name": "<b>Tom & Jerry</b>"})
    assert parts.html == "<p>Dear &lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</p>\n"
    assert parts.text.startswith("Dear <b>Tom & Jerry</b>")
    assert parts.subject == "Hi <b>Tom & Jerry</b>"


def test_no_html_template_renders_no_html() -> None:
    parts = compile_templates(replace(CONTENT, html=None)).render(FIELDS)
    assert parts.html is None


def test_bodies_keep_their_final_line_end_and_subject_drops_it() -> None:
    content = replace(CONTENT, subject="Hi\n", text="Body\n\n")
    parts = compile_templates(content).render(FIELDS)
    assert (parts.subject, parts.text) == ("Hi", "Body\n\n")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"subject": "Hi {{ name "}, "Subject, line 1: unexpected end of template"),
        ({"text": "a\n{% if x %}"}, "Text body, line 2: unexpected end of template"),
        ({"html": "<p>\n\n{{ name }}}\n{{ }"}, "HTML body, line 4: unexpected '}'."),
    ],
)
def test_syntax_error_names_the_template_and_line(change: dict[str, Any], expected: str) -> None:
    with pytest.raises(TemplatePartError) as caught:
        compile_templates(replace(CONTENT, **change))
    assert str(caught.value).lower().startswith(expected.lower())
    assert str(caught.value).endswith("Fix the template and run the command again.")
    assert isinstance(caught.value, TemplateError)


def test_syntax_error_message_matches_the_documented_form() -> None:
    content = replace(CONTENT, html="<p>\n<b>\n{{ name }}}{{ }")
    with pytest.raises(TemplatePartError) as caught:
        compile_templates(content)
    assert str(caught.value) == (
        "HTML body, line 3: unexpected '}'. Fix the template and run the command again."
    )
    assert (caught.value.part, caught.value.line) == ("HTML body", 3)


def test_missing_field_at_render_names_the_field() -> None:
    templates = compile_templates(CONTENT)
    with pytest.raises(TemplatePartError) as caught:
        templates.render({"name": "Zoë"})
    assert "'dept'" in str(caught.value)
    assert caught.value.part == "text body"
    assert caught.value.field == "dept"


def test_optional_field_can_be_tested_with_is_defined() -> None:
    content = replace(CONTENT, text="{% if nick is defined %}{{ nick }}{% else %}-{% endif %}")
    templates = compile_templates(content)
    assert templates.render(FIELDS).text == "-"
    assert templates.render({**FIELDS, "nick": "Z"}).text == "Z"


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ name.__class__.__base__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ lipsum.__globals__['os'] }}",
        "{{ name|attr('__class__') }}",
    ],
)
def test_sandbox_escape_is_refused_when_compiled_not_at_send(source: str) -> None:
    with pytest.raises(TemplatePartError) as caught:
        compile_templates(replace(CONTENT, text=source))
    assert caught.value.part == "text body"
    assert caught.value.line == 1
    assert "not allowed" in str(caught.value)


def test_sandbox_escape_in_a_branch_never_taken_is_still_refused() -> None:
    source = "{% if name == 'nobody' %}\n{{ name.__class__ }}{% endif %}"
    with pytest.raises(TemplatePartError, match="line 2: the attribute '__class__'"):
        compile_templates(replace(CONTENT, text=source))


@pytest.mark.parametrize(
    "source", ["{{ 'x' * 10**9 }}", "{{ [1] * 10**8 }}", "{{ 7 ** 100000000 }}"]
)
def test_templates_cannot_allocate_unbounded_memory(source: str) -> None:
    templates = compile_templates(replace(CONTENT, subject=source))
    with pytest.raises(TemplatePartError, match="over the output limit"):
        templates.render(FIELDS)


def test_small_repetition_still_works() -> None:
    templates = compile_templates(replace(CONTENT, subject="{{ '-' * 3 }} {{ 2 ** 3 }}"))
    assert templates.render(FIELDS).subject == "--- 8"


def test_undefined_attribute_is_a_template_error_with_jinjas_reason() -> None:
    templates = compile_templates(replace(CONTENT, text="{{ name.nickname }}"))
    with pytest.raises(TemplatePartError, match="undefined value: 'str object' has no attr"):
        templates.render(FIELDS)


def test_runtime_failure_is_a_template_error_not_a_crash() -> None:
    templates = compile_templates(replace(CONTENT, text="{{ 1 / 0 }}"))
    with pytest.raises(TemplatePartError, match="Text body: rendering failed"):
        templates.render(FIELDS)


def test_sandbox_cannot_mutate_values_between_recipients() -> None:
    content = replace(CONTENT, text="{% set seen = [] %}{{ seen.append(1) }}")
    with pytest.raises(TemplatePartError):
        compile_templates(content).render(FIELDS)


def test_fields_used_lists_fields_from_all_three_templates() -> None:
    content = replace(CONTENT, html="{{ company }}{% set local = 1 %}{{ local }}")
    assert fields_used(content) == {"name", "dept", "company"}


def test_fields_used_reports_syntax_errors_too() -> None:
    with pytest.raises(TemplatePartError, match="Subject, line 1"):
        fields_used(replace(CONTENT, subject="{{"))
