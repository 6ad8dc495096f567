"""Office Open XML packages (docx, xlsx): bounded part reads and a safe XML parse."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from mailbrake.extract.archive import package_problem
from mailbrake.extract.limits import Budget, Extraction, Source, Unscannable
from mailbrake.models import Location, TextSegment

Element = ElementTree.Element


def local(tag: str) -> str:
    """A tag without its namespace: transitional and strict OOXML use different ones."""
    return tag.rpartition("}")[2]


def open_package(source: Source, budget: Budget) -> zipfile.ZipFile | Extraction:
    """The package as a zip, or an Extraction saying why it must not be unpacked."""
    problem = package_problem(source.data, budget)
    if problem:
        return Extraction((), (Unscannable(Location("attachment", source.name), problem),))
    return zipfile.ZipFile(io.BytesIO(source.data))


def read_part(package: zipfile.ZipFile, name: str, budget: Budget) -> bytes:
    """A part's bytes, refusing one over the attachment limit or one that declares a DTD."""
    limit = budget.limits.max_attachment_bytes
    with package.open(name) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{name} unpacks to more than {limit} bytes")
    # OOXML never needs a DTD; one can only be there to expand entities (a billion laughs).
    if b"<!DOCTYPE" in data[:2048]:
        raise ValueError(f"{name} declares a DTD")
    return data


def parse_part(package: zipfile.ZipFile, name: str, budget: Budget) -> Element:
    return ElementTree.fromstring(read_part(package, name, budget))


def iter_closed(package: zipfile.ZipFile, name: str, budget: Budget) -> Iterator[Element]:
    """Elements of a part as each one closes, so that big sheets need not sit in memory."""
    data = read_part(package, name, budget)
    for _, element in ElementTree.iterparse(io.BytesIO(data), events=("end",)):
        yield element


def capped(segments: list[TextSegment], source: Source, budget: Budget) -> Extraction:
    """Keep segments until the text limit; the rest of the file is reported as not scanned."""
    limit = budget.limits.max_text_chars
    kept: list[TextSegment] = []
    total = 0
    for segment in segments:
        if total + len(segment.text) > limit:
            head = TextSegment(segment.location, segment.text[: limit - total], segment.quoted)
            reason = f"too much text (more than {limit:,} characters); rest not scanned"
            problem = Unscannable(Location("attachment", source.name), reason)
            return Extraction((*kept, head), (problem,))
        kept.append(segment)
        total += len(segment.text)
    return Extraction(tuple(kept))
