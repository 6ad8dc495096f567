"""html_to_text: whitespace, invisible elements and quoted blocks, read the same as before."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from mailbrake.extract.html import _squeeze, html_to_text

_WHITESPACE_RUN = re.compile(r"\s+")
# Every kind of character `\s` and str.split() treat as whitespace, plus ordinary ones.
_ALPHABET = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2000\u2028\u3000ab<>"


@given(st.text(alphabet=_ALPHABET, max_size=30))
def test_squeeze_collapses_whitespace_exactly_like_the_regex(text: str) -> None:
    assert _squeeze(text) == _WHITESPACE_RUN.sub(" ", text)


def test_meta_and_link_in_head_add_no_text_and_hidden_elements_are_dropped() -> None:
    html = (
        '<html><head><meta name="x" content="secret-meta"><link rel="a" href="secret-link">'
        "<title>Plan</title><style>p{}</style></head><body><noscript>no</noscript>"
        "<template>tpl</template><p>Visible  \n  words</p></body></html>"
    )
    text, quoted = html_to_text(html)
    assert text == "Visible words"
    assert quoted == []


def test_nested_quote_blocks_are_read_once_with_their_parent_and_removed_from_the_body() -> None:
    html = (
        "<body><p>Fresh</p><blockquote>Outer <blockquote>Inner</blockquote></blockquote>"
        '<div class="gmail_quote">Second</div></body>'
    )
    text, quoted = html_to_text(html)
    assert text == "Fresh"
    assert quoted == ["Outer\nInner", "Second"]
