"""Context around a match: nearby words, lines and the tables a value sits in."""

from __future__ import annotations

import re

from mailbrake.rules.names import full_names

_SEPARATORS = (
    ("\t", re.compile(r"\t")),
    (" | ", re.compile(r"\s\|\s")),
    ("  ", re.compile(r"\s{2,}")),
    (",", re.compile(r",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")),  # commas outside quotes
    (";", re.compile(r";")),
)


def cells_of(line: str) -> list[str]:
    """A table row split on its own separator (tab, pipe, wide gap, comma or semicolon); a
    row with a border ("| a | b |", as Markdown and database shells print them) loses it."""
    bare = line.strip()
    if len(bare) > 1 and bare[0] == "|" and bare[-1] == "|":
        line = bare[1:-1]
    for marker, pattern in _SEPARATORS:
        if marker in line:
            return pattern.split(line)
    return [line]


def window(text: str, start: int, end: int, before: int = 60, after: int = 40) -> str:
    """The text around [start, end), clipped to the text."""
    return text[max(0, start - before) : min(len(text), end + after)]


def near(
    text: str, start: int, end: int, pattern: re.Pattern[str], before: int = 60, after: int = 40
) -> bool:
    """Whether `pattern` matches within the window around [start, end)."""
    return pattern.search(window(text, start, end, before, after)) is not None


# The start of a list item: a line that opens with a dash, a bullet or a number ("- ", "2. ").
_ITEM_START = re.compile(r"\n[ \t]*(?:[-*•·]|\d{1,2}[.)])[ \t]")


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence around [start, end): from the previous to the next full stop, blank line or
    list item (a bulleted list's items are sentences even without their full stops)."""
    # (rfind's -1 when there is none would start the sentence at its second letter)
    begin = max(
        (
            i + 2
            for i in (
                text.rfind(". ", 0, start),
                text.rfind(".\n", 0, start),
                text.rfind("\n\n", 0, start),
            )
            if i >= 0
        ),
        default=0,
    )
    items = [m.start() + 1 for m in _ITEM_START.finditer(text, begin, start)]
    begin = max([begin, *items])
    stops = [
        i for i in (text.find(". ", end), text.find(".\n", end), text.find("\n\n", end)) if i >= 0
    ]
    stop = min(stops) if stops else len(text)
    item = _ITEM_START.search(text, end, stop)
    return text[begin : item.start() if item else stop]


def clause_at(text: str, start: int, end: int, marks: str = ".!?\n") -> str:
    """From the last sentence end (., !, ? or a line break) before [start, end) to the next
    one, that end included: the clause a question mark belongs to. Other `marks` cut it
    finer (",;:.!?\n": the phrase between commas)."""
    begin = max(text.rfind(c, 0, start) for c in marks) + 1
    stops = [i for i in (text.find(c, end) for c in marks) if i >= 0]
    return text[begin : min(stops) + 1 if stops else len(text)]


# A value shown as an example in a form's guide: the word for example before it on its line
# ("Esempio di formato: ...", "een voorbeeldnummer zoals ...", "(es. 01/01/2011)"), or after it
# in brackets ("(dato di esempio)", "(fictitious)").
_EXAMPLE_BEFORE = re.compile(
    r"(?i)(?:example|e\.g\.|sample|specimen|Beispiel|z\.\s?B\.|exemple|p\. ?ex\.|ejemplo|\bej\."
    r"|esempio|\bes\.|voorbeeld|bijv\.|przyk[łl]ad|\bnp\.|exemplo|\bex\.)[^\n]{0,50}$"
)
_EXAMPLE_AFTER = re.compile(
    r"(?i)^[^\n]{0,12}\((?:[^()\n]{0,20}(?:example|sample|specimen|Beispiel|exemple|ejemplo"
    r"|esempio|voorbeeld|przyk[łl]ad|exemplo|fictitious|fittizi\w*|fictif|fictive|ficticio"
    r"|fictief|fikcyjn\w*|fict[íi]cio|dummy|test))"
)


# A word that makes a whole line an example: the data on it is invented, names included.
_FICTITIOUS = re.compile(
    r"(?i)\b(?:fictitious|fittizi\w*|fictif|fictive|fictici[oa]|fictief|fikcyjn\w*|fict[íi]ci[oa]"
    r"|dummy|made[- ]up|Musterdaten|donn[ée]es? fictives?|datos ficticios)\b"
)
# The names that forms' guides use for nobody (Mario Rossi, Max Mustermann, Juan Español).
PLACEHOLDER_NAMES = re.compile(
    r"\b(?:John|Jane) (?:Doe|Smith|Citizen)|Joe Bloggs|Max(?:ime)? Mustermann"
    r"|Erika Muster(?:mann|frau)"
    r"|Mario Rossi|Jean Dupont|Juan (?:Espa[ñn]ol|P[ée]rez)|Jan (?:Kowalski|Jansen)"
    r"|Fulano de Tal|Jo[ãa]o (?:da Silva|Ningu[ée]m)"
)


# A form's guide shows one or two examples; a part with more values "shown as examples" is a
# list, and "e.g." before each of its values does not make them nobody's.
MOST_EXAMPLES = 2


def shown_as_example(text: str, start: int, end: int) -> bool:
    """Whether the value at [start, end) is an example, as its line says: an example word
    before it or in brackets after it, and no real person named in its clause; or a word
    that makes the whole line invented ("Esempio (dato fittizio): ...")."""
    begin = text.rfind("\n", 0, start) + 1
    stop = text.find("\n", end)
    if _FICTITIOUS.search(text, begin, stop if stop >= 0 else len(text)):
        return True
    before = _EXAMPLE_BEFORE.search(text, max(begin, start - 60), start)
    if not before and not _EXAMPLE_AFTER.match(text[end : end + 60]):
        return False
    clause = PLACEHOLDER_NAMES.sub("", clause_at(text, start, end, ",;.!?\n"))
    return not full_names(clause)


def line_at(text: str, pos: int) -> str:
    """The whole line containing position `pos`."""
    begin = text.rfind("\n", 0, pos) + 1
    stop = text.find("\n", pos)
    return text[begin : stop if stop >= 0 else len(text)]


def column_header(text: str, pos: int, max_lines: int = 60) -> str:
    """The header line of the table the value at `pos` sits in, or "".

    A table is a run of lines split the same way (tabs, pipes, commas, wide gaps); its
    header is the first line of the run. Looking it up lets "SSN" in a header vouch for the
    numbers in that column.
    """
    begin = text.rfind("\n", 0, pos) + 1
    cells = len(cells_of(line_at(text, pos)))
    if cells < 3:
        return ""
    header = ""
    for _ in range(max_lines):
        if begin <= 0:
            break
        prev_begin = text.rfind("\n", 0, begin - 1) + 1
        prev = text[prev_begin : begin - 1]
        if len(cells_of(prev)) < cells - 1 or not prev.strip():
            break
        header, begin = prev, prev_begin
    return header


def column_name(text: str, pos: int) -> str:
    """The header cell above the value at `pos` when it sits in a table, else ""."""
    header = column_header(text, pos)
    if not header:
        return ""
    line_start = text.rfind("\n", 0, pos) + 1
    line = line_at(text, pos)
    for marker, pattern in _SEPARATORS:
        if marker in line:
            index = len(pattern.split(text[line_start:pos])) - 1
            cells = pattern.split(header)
            break
    else:
        return ""
    return cells[index] if index < len(cells) else ""


def loosened(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` without its word-boundary assertions, as a prefilter trigger.

    A pattern searched in a window of the text can match at the window's cut edges, where
    `\\b` holds but would not in the whole text; without `\\b` the trigger matches the whole
    text wherever the pattern matches any window of it. (The patterns loosened here use no
    other assertions.)
    """
    return re.compile(pattern.pattern.replace(r"\b", ""), pattern.flags)


_LOOKAROUND = re.compile(r"\(\?<?[!=](?:[^()\\]|\\.)*\)")


def without_lookarounds(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` with its (unnested) lookaround assertions removed, as a prefilter trigger.

    Searched in a window or a table cell, a lookaround can hold at a cut edge where it would
    not in the whole text; without it the trigger matches wherever the pattern matches any
    piece of the text.
    """
    return re.compile(_LOOKAROUND.sub("", pattern.pattern), pattern.flags)
