"""The result types and size limits shared by every extractor."""

from __future__ import annotations

from dataclasses import dataclass

from mailbrake.models import Location, TextSegment

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Unscannable:
    """A part whose text could not be read; the check treats it as a finding (fail closed)."""

    location: Location
    reason: str  # "encrypted zip", "corrupt PDF", "too large (12 MB > 10 MB)"


@dataclass(frozen=True, slots=True)
class Extraction:
    segments: tuple[TextSegment, ...] = ()
    unscannable: tuple[Unscannable, ...] = ()

    def __add__(self, other: Extraction) -> Extraction:
        return Extraction(self.segments + other.segments, self.unscannable + other.unscannable)


@dataclass(frozen=True, slots=True)
class ExtractLimits:
    max_attachment_bytes: int = 10 * MB
    max_zip_depth: int = 3
    max_zip_total_bytes: int = 50 * MB
    max_zip_members: int = 500
    max_text_chars: int = 2_000_000


@dataclass(slots=True)
class Budget:
    """What a whole attachment tree may still unpack, shared by nested archives."""

    limits: ExtractLimits
    archive_bytes_left: int


@dataclass(frozen=True, slots=True)
class Source:
    """One file to read: `name` is its full path, e.g. "outer.zip/inner.docx"."""

    name: str
    content_type: str
    data: bytes
    depth: int = 0  # containers (zip, attached message) it sits inside
