"""HTML to text: visible words in reading order, quoted replies set apart."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from mailbrake.extract.limits import Extraction, ExtractLimits
from mailbrake.extract.text import cap_text, segments_of
from mailbrake.models import Location, TextSegment

# Block-level tags start a new line; table cells are separated by a tab so rows stay together.
_BLOCK_TAG = re.compile(
    r"<(?=/?(?:p|div|br|tr|li|ul|ol|h[1-6]|table|blockquote|pre|hr|dt|dd|section|article"
    r"|header|footer|address|title)\b)",
    re.IGNORECASE,
)
_CELL_TAG = re.compile(r"<(?=t[dh]\b)", re.IGNORECASE)
_BLANK_RUNS = re.compile(r"[ \t]*\n[ \t\n]*")
# (<meta> and <link> are void elements, so they hold no text to hide; leaving them out of
# the selector keeps it to tag names, which lexbor matches far faster than `head > meta`.)
_INVISIBLE = "script, style, noscript, template"
# Gmail, Outlook web, Apple Mail and Thunderbird wrap the earlier message in these.
_QUOTE_SELECTOR = "blockquote, div.gmail_quote, div#divRplyFwdMsg, div#appendonsend"


def html_to_text(html: str) -> tuple[str, list[str]]:
    """The visible text of an HTML document, and the texts of its quoted reply blocks."""
    prepared = _CELL_TAG.sub("\t<", _BLOCK_TAG.sub("\n<", _squeeze(html)))
    tree = LexborHTMLParser(prepared)
    for node in tree.css(_INVISIBLE):
        node.decompose()
    outer = _outermost(tree.css(_QUOTE_SELECTOR))
    quoted = [_clean(node.text(deep=True)) for node in outer]
    root = tree.body or tree.root
    if root is None:
        return "", quoted
    # decompose() after text() so that nested quote blocks are read once, with their parent.
    for node in outer:
        node.decompose()
    return _clean(root.text(deep=True)), [q for q in quoted if q]


def html_extraction(html: str, location: Location, limits: ExtractLimits) -> Extraction:
    """Segments for an HTML body or attachment; quoted blocks become quoted segments."""
    text, quoted = html_to_text(html)
    capped = cap_text(text, location, limits)
    if isinstance(capped, Extraction):
        return capped
    extra = tuple(TextSegment(location, q, quoted=True) for q in quoted)
    return Extraction(segments_of(capped, location) + extra)


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """The nodes that are not inside another node of the same (document-ordered) list."""
    # In document order a node's descendants follow it directly, so they can be skipped by
    # count: linear even for a thread quoted a thousand levels deep.
    chosen: list[LexborNode] = []
    index = 0
    while index < len(nodes):
        node = nodes[index]
        chosen.append(node)
        index += max(1, len(node.css(_QUOTE_SELECTOR)))  # the count includes the node
    return chosen


def _squeeze(html: str) -> str:
    """Every whitespace run as one space: what `\\s+` -> " " gives, in C-level str calls."""
    # str.split() and re's \s both split on str.isspace() characters; only the ends differ.
    words = " ".join(html.split())
    if not words:
        return " " if html else ""
    head = " " if html[0].isspace() else ""
    return f"{head}{words} " if html[-1].isspace() else f"{head}{words}"


def _clean(text: str) -> str:
    return _BLANK_RUNS.sub("\n", text).strip()
