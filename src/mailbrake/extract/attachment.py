"""Pick the extractor for an attachment from its name, type and first bytes; fail closed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from mailbrake.extract import archive, pdf, sheets, slides, word
from mailbrake.extract.html import html_extraction
from mailbrake.extract.limits import MB, Budget, Extraction, Source, Unscannable
from mailbrake.extract.text import decode_bytes, text_extraction
from mailbrake.models import Location

Extractor = Callable[[Source, Budget], Extraction]

_TEXT_SUFFIXES = frozenset(
    {".txt", ".csv", ".tsv", ".md", ".log", ".json", ".xml", ".ics", ".vcf", ".yaml", ".yml"}
    | {".ini", ".conf", ".cfg", ".sql", ".env", ".pem", ".key", ".sh", ".py", ".properties"}
    | {".rtf"}
)
_TEXT_TYPES = frozenset({"application/json", "application/rtf", "application/xml"})
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt and password-protected Office
_OLE2_KIND = "OLE2"
_OLE2_REASON = "legacy (.doc/.xls/.ppt) or password-protected Office file"
_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Signatures carry no message content; treating them as unscannable would hold all signed mail.
SIGNATURE_TYPES = frozenset(
    {"application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature"}
)


def extract_source(source: Source, budget: Budget) -> Extraction:
    """Text of one attachment, or an Unscannable saying why not; never raises."""
    location = Location("attachment", source.name)
    limit = budget.limits.max_attachment_bytes
    if len(source.data) > limit:
        size = f"{len(source.data) / MB:.0f} MB > {limit / MB:.0f} MB"
        return Extraction((), (Unscannable(location, f"too large ({size})"),))
    kind, extractor = choose(source)
    if extractor is None:
        reason = _OLE2_REASON if kind == _OLE2_KIND else f"unknown type {kind}"
        return Extraction((), (Unscannable(location, reason),))
    try:
        return extractor(source, budget)
    except Exception as exc:  # any reader bug or malformed file must hold, not crash the check
        return Extraction(
            (), (Unscannable(location, f"corrupt or unreadable {kind} ({_why(exc)})"),)
        )


def choose(source: Source) -> tuple[str, Extractor | None]:
    """The kind of file (for messages) and its extractor, None when it cannot be read."""
    suffix = PurePosixPath(source.name.lower()).suffix
    ctype = source.content_type.lower().split(";")[0].strip()
    head = source.data[:8]
    if head.startswith(b"%PDF") or suffix == ".pdf" or ctype == "application/pdf":
        return "PDF", pdf.extract_pdf
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(source, suffix, ctype)
    if suffix in _OFFICE_SUFFIXES or ctype in _OFFICE_TYPES or suffix == ".zip":
        return _zip_kind(source, suffix, ctype)  # the right name with the wrong bytes: corrupt
    if suffix == ".eml" or ctype == "message/rfc822":
        return "message", _extract_attached_message
    if suffix in _HTML_SUFFIXES or ctype == "text/html":
        return "HTML", _extract_html
    if suffix in _TEXT_SUFFIXES or ctype.startswith("text/") or ctype in _TEXT_TYPES:
        return "text", _extract_text
    if head == _OLE2:
        return _OLE2_KIND, None
    if _looks_like_text(source.data):
        return "text", _extract_text
    return ctype or "application/octet-stream", None


def _zip_kind(source: Source, suffix: str, ctype: str) -> tuple[str, Extractor | None]:
    """Office files are zips; their first part names say which kind (names can mislead)."""
    member = archive.first_member_matching(source.data, _OFFICE_MARKERS)
    if member or suffix in _OFFICE_SUFFIXES or ctype in _OFFICE_TYPES:
        key = member or _OFFICE_SUFFIXES.get(suffix) or _OFFICE_TYPES[ctype]
        return _OFFICE_READERS[key]
    return "zip", _extract_zip


def _looks_like_text(data: bytes) -> bool:
    """Untyped data that is clearly text (no NUL bytes, valid UTF-8) is read as text."""
    head = data[:4096]
    if not head or b"\0" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut in two at the 4 KB mark
    return True


_OFFICE_READERS: dict[str, tuple[str, Extractor]] = {
    "word/document.xml": ("DOCX", word.extract_docx),
    "xl/workbook.xml": ("XLSX", sheets.extract_xlsx),
    "ppt/presentation.xml": ("PPTX", slides.extract_pptx),
    "content.xml": ("OpenDocument", slides.extract_opendocument),
}
_OFFICE_MARKERS = tuple(_OFFICE_READERS)
_OFFICE_SUFFIXES = {
    ".docx": "word/document.xml",
    ".docm": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".xlsm": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
    ".odt": "content.xml",
    ".ods": "content.xml",
    ".odp": "content.xml",
}
_OFFICE_TYPES = {
    _DOCX: "word/document.xml",
    _XLSX: "xl/workbook.xml",
    _PPTX: "ppt/presentation.xml",
}


def _extract_text(source: Source, budget: Budget) -> Extraction:
    text = decode_bytes(source.data, _charset(source.content_type))
    return text_extraction(text, Location("attachment", source.name), budget.limits)


def _extract_html(source: Source, budget: Budget) -> Extraction:
    html = decode_bytes(source.data, _charset(source.content_type))
    return html_extraction(html, Location("attachment", source.name), budget.limits)


def _extract_zip(source: Source, budget: Budget) -> Extraction:
    return archive.extract_zip(source, budget, extract_source)


def _extract_attached_message(source: Source, budget: Budget) -> Extraction:
    # Imported here because a message's attachments come back to this module.
    from mailbrake.extract.message import extract_nested

    return extract_nested(source, budget)


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return None


def _why(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
