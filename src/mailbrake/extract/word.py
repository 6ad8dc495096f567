"""Word (.docx): body, tables, headers, footers, notes, comments, properties, tracked changes."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

from mailbrake.extract.limits import Budget, Extraction, Source
from mailbrake.extract.ooxml import Element, capped, local, open_package, parse_part
from mailbrake.extract.text import segments_of
from mailbrake.models import Location, TextSegment

TRACKED = "tracked changes"
# Word parts that hold text a reader sees, and the Location detail each is reported under.
_STORY_PART = re.compile(r"^word/(document|header|footer|comments|footnotes|endnotes)\d*\.xml$")
_STORY_RANK = {"document": 0, "header": 1, "footer": 2, "footnotes": 3, "endnotes": 4}
_STORY_DETAIL = {"document": ""}
_RUN_TEXT = {"t": None, "tab": "\t", "br": "\n", "cr": "\n"}
_REVISIONS = frozenset({"ins", "del", "moveTo", "moveFrom"})
_PROPERTIES = frozenset({"title", "subject", "description", "keywords", "category"})


def extract_docx(source: Source, budget: Budget) -> Extraction:
    """Every story of the document, plus a "tracked changes" segment when it has revisions."""
    package = open_package(source, budget)
    if isinstance(package, Extraction):
        return package
    segments: list[TextSegment] = []
    revisions: list[str] | None = None
    with package:
        if "word/document.xml" not in package.NameToInfo:
            raise ValueError("no word/document.xml")
        for name, kind in _stories(package):
            root = parse_part(package, name, budget)
            location = Location("attachment", source.name, _STORY_DETAIL.get(kind, kind))
            segments.extend(segments_of("\n".join(_block_lines(root)), location))
            found = _revision_texts(root)
            if found is not None:
                revisions = (revisions or []) + found
        properties = _core_properties(package, budget)
    if properties:
        segments.append(TextSegment(Location("attachment", source.name, "properties"), properties))
    if revisions is not None:
        tracked = Location("attachment", source.name, TRACKED)
        segments.append(TextSegment(tracked, "\n".join(revisions)))
    return capped(segments, source, budget)


def _stories(package: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(part name, kind) of every story part: the body first, then headers, footers, notes."""
    found = [(name, m.group(1)) for name in package.NameToInfo if (m := _STORY_PART.match(name))]
    return sorted(found, key=lambda item: (_STORY_RANK.get(item[1], 9), item[0]))


def _block_lines(element: Element) -> Iterator[str]:
    """Paragraph lines in reading order; a table row is one line of tab-separated cells."""
    for child in element:
        tag = local(child.tag)
        if tag == "p":
            yield _paragraph_text(child)
        elif tag == "tbl":
            for row in child:
                if local(row.tag) == "tr":
                    cells = (c for c in row if local(c.tag) == "tc")
                    yield "\t".join(" ".join(_block_lines(cell)) for cell in cells)
        else:  # body, sdt, sdtContent, comment, footnote...: look inside
            yield from _block_lines(child)


def _paragraph_text(paragraph: Element) -> str:
    # Inserted runs count (they are what the reader sees); deleted text (w:delText) does not.
    pieces = []
    for node in paragraph.iter():
        tag = local(node.tag)
        if tag in _RUN_TEXT:
            fixed = _RUN_TEXT[tag]
            pieces.append((node.text or "") if fixed is None else fixed)
    return "".join(pieces)


def _revision_texts(root: Element) -> list[str] | None:
    """Text inserted, deleted or moved under revision tracking; None when there is none."""
    changes = [node for node in root.iter() if local(node.tag) in _REVISIONS]
    if not changes:
        return None
    texts = [
        "".join(n.text or "" for n in change.iter() if local(n.tag) in ("t", "delText"))
        for change in changes
    ]
    return [text for text in texts if text.strip()]


def _core_properties(package: zipfile.ZipFile, budget: Budget) -> str:
    """Title, subject, keywords and description: "CONFIDENTIAL" often hides there."""
    if "docProps/core.xml" not in package.NameToInfo:
        return ""
    root = parse_part(package, "docProps/core.xml", budget)
    values = (node.text for node in root if local(node.tag) in _PROPERTIES)
    return "\n".join(v.strip() for v in values if v and v.strip())
