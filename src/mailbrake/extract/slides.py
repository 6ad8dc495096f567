"""PowerPoint (.pptx) and OpenDocument (.odt, .ods, .odp): the text of every slide and page."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

from mailbrake.extract.limits import Budget, Extraction, Source
from mailbrake.extract.ooxml import Element, capped, local, open_package, parse_part
from mailbrake.extract.text import segments_of
from mailbrake.models import Location, TextSegment

_SLIDE = re.compile(r"^ppt/(slides|notesSlides)/(?:slide|notesSlide)(\d+)\.xml$")
# OpenDocument keeps the body in content.xml and headers/footers in styles.xml.
_ODF_PARTS = (("content.xml", ""), ("styles.xml", "header and footer"), ("meta.xml", "properties"))
_ODF_BLOCKS = frozenset({"p", "h", "title", "subject", "keyword", "description"})


def extract_pptx(source: Source, budget: Budget) -> Extraction:
    """One segment per slide ("slide N") and per speaker-notes page ("notes N")."""
    package = open_package(source, budget)
    if isinstance(package, Extraction):
        return package
    segments: list[TextSegment] = []
    with package:
        for name, detail in _slides(package):
            root = parse_part(package, name, budget)
            lines = ["".join(_texts(p)) for p in root.iter() if local(p.tag) == "p"]
            location = Location("attachment", source.name, detail)
            segments.extend(segments_of("\n".join(line for line in lines if line), location))
    return capped(segments, source, budget)


def _slides(package: zipfile.ZipFile) -> list[tuple[str, str]]:
    found = [(m, name) for name in package.NameToInfo if (m := _SLIDE.match(name))]
    found.sort(key=lambda item: (item[0].group(1) != "slides", int(item[0].group(2))))
    kinds = {"slides": "slide", "notesSlides": "notes"}
    return [(name, f"{kinds[m.group(1)]} {m.group(2)}") for m, name in found]


def _texts(paragraph: Element) -> list[str]:
    return [n.text or "" for n in paragraph.iter() if local(n.tag) == "t"]


def extract_opendocument(source: Source, budget: Budget) -> Extraction:
    """Text paragraphs, headings and table rows of an OpenDocument file, with its metadata."""
    package = open_package(source, budget)
    if isinstance(package, Extraction):
        return package
    segments: list[TextSegment] = []
    with package:
        if "content.xml" not in package.NameToInfo:
            raise ValueError("no content.xml")
        for name, detail in _ODF_PARTS:
            if name not in package.NameToInfo:
                continue
            lines = [line for line in _odf_lines(parse_part(package, name, budget)) if line]
            location = Location("attachment", source.name, detail)
            segments.extend(segments_of("\n".join(lines), location))
    return capped(segments, source, budget)


def _odf_lines(element: Element) -> Iterator[str]:
    """Each paragraph or heading on a line; a table row's cells joined by tabs."""
    for child in element:
        tag = local(child.tag)
        if tag == "table-row":
            cells = ("".join(c.itertext()) for c in child if local(c.tag) == "table-cell")
            yield "\t".join(cell for cell in cells if cell)
        elif tag in _ODF_BLOCKS:
            yield "".join(child.itertext())
        else:
            yield from _odf_lines(child)
