"""PDF text, page by page; encrypted or image-only PDFs are unscannable."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from mailbrake.extract.limits import Budget, Extraction, Source, Unscannable
from mailbrake.extract.text import segments_of
from mailbrake.models import Location, TextSegment

if TYPE_CHECKING:
    from pypdf import PdfReader

# Each page costs time even when empty; a PDF longer than this is a data dump, not a mailing.
_MAX_PAGES = 5_000


def extract_pdf(source: Source, budget: Budget) -> Extraction:
    """One segment group per page (detail "page N"); fails closed on anything unreadable."""
    # Imported on first use: pypdf takes longer to import than most messages take to check.
    from pypdf import PdfReader

    here = Location("attachment", source.name)
    reader = PdfReader(io.BytesIO(source.data), strict=False)
    if reader.is_encrypted and not _opens_without_password(reader):
        return Extraction((), (Unscannable(here, "encrypted PDF"),))
    segments: list[TextSegment] = []
    total = 0
    limit = budget.limits.max_text_chars
    for number, page in enumerate(reader.pages, start=1):
        if number > _MAX_PAGES:
            reason = f"more than {_MAX_PAGES:,} pages; pages {number}+ not scanned"
            return Extraction(tuple(segments), (Unscannable(here, reason),))
        text = page.extract_text() or ""
        total += len(text)
        if total > limit:
            reason = f"too much text (more than {limit:,} characters); pages {number}+ not scanned"
            return Extraction(tuple(segments), (Unscannable(here, reason),))
        segments.extend(segments_of(text, Location("attachment", source.name, f"page {number}")))
    if not segments and len(reader.pages) > 0:
        # A scan or a picture of text: we cannot read it, so a person has to.
        return Extraction((), (Unscannable(here, "PDF has no text layer (scanned image?)"),))
    return Extraction(tuple(segments))


def _opens_without_password(reader: PdfReader) -> bool:
    """Many PDFs are encrypted with an empty user password only to stop editing."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # unsupported cipher or missing crypto library: cannot read it
        return False
