"""User data made safe for a terminal: control characters are shown, never obeyed.

Subjects, names, notes, reasons and SMTP replies come from other people. Printed raw, an
`ESC[8m` hides the words after it from the approver, a `CR` overwrites a line, a bidi
override reverses it. Every table and text line the CLI prints with such data goes through
`visible` (text) or `cell` (rich tables, where `[...]` would otherwise be read as markup).
JSON output needs neither: json.dumps escapes control characters itself.
"""

from __future__ import annotations

from rich.text import Text

# Bidi embeddings, overrides and isolates, and the Unicode line/paragraph separators: not
# category Cc, but they change what a line looks like just as much.
_FORMAT_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029)
_CONTROLS = (*range(0x00, 0x20), *range(0x7F, 0xA0), *_FORMAT_CONTROLS)


def _escape(code: int) -> str:
    named = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
    if code in named:
        return named[code]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_TABLE = {code: _escape(code) for code in _CONTROLS}


def visible(value: object) -> str:
    """str(value) with every control character written as an escape, e.g. `\\x1b[8m`."""
    return str(value).translate(_TABLE)


def visible_lines(text: str) -> str:
    """Like `visible`, but a multi-line text (a report) keeps its line breaks."""
    return "\n".join(visible(line) for line in text.split("\n"))


def cell(value: object) -> Text:
    """A rich table cell: visible text, never interpreted as markup."""
    return Text(visible(value))
